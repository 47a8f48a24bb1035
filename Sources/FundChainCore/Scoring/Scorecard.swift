import Foundation

/// A points scorecard: features cut into bins, points per bin, a scaling from points to odds,
/// grade bands and a PD calibration. The YAML form is documented in `docs/scorecard-format.md`.
///
/// A firm's score is `basePoints` plus the points of the bin its value falls into, for every
/// feature. Scorecards are loaded with ``Scorecard/load(yaml:)``, which validates them, and
/// written with ``Scorecard/yaml``; fitted cards carry their ``development`` record so every
/// score can be rebuilt and monitored (PSI) later.
public struct Scorecard: Sendable, Hashable {
    /// Stable identifier of the model family, e.g. `sme-cashflow`.
    public var id: String
    /// Version of this card within the family, e.g. `1`.
    public var version: String
    /// What the card is for and how it was built (free text).
    public var description: String
    /// How points map to odds (and so to PD).
    public var scaling: Scaling
    /// Points every firm gets before any feature (the scaled intercept of a fitted card).
    public var basePoints: Int
    /// The features in card order; ties in reason codes are broken by this order.
    public var features: [ScorecardFeature]
    /// Grade bands, best (highest scores) first, contiguous and covering every possible score.
    public var grades: [GradeBand]
    /// How a score maps to a PD.
    public var calibration: Calibration
    /// For fitted cards: the data, parameters and training distributions behind the card.
    public var development: ModelDevelopment?
    /// For cards fitted on a snapshot batch: the batch, horizon and credit events behind it.
    public var training: ModelTraining?

    public init(
        id: String, version: String, description: String, scaling: Scaling, basePoints: Int,
        features: [ScorecardFeature], grades: [GradeBand], calibration: Calibration = .scaling,
        development: ModelDevelopment? = nil, training: ModelTraining? = nil
    ) {
        self.id = id
        self.version = version
        self.description = description
        self.scaling = scaling
        self.basePoints = basePoints
        self.features = features
        self.grades = grades
        self.calibration = calibration
        self.development = development
        self.training = training
    }

    /// The lowest and highest total a firm can get.
    public var scoreRange: ClosedRange<Int> {
        var low = basePoints, high = basePoints
        for feature in features {
            low += feature.minPoints
            high += feature.maxPoints
        }
        return low...high
    }
}

/// The link between points and odds: `odds = baseOdds · 2^((score − baseScore) / pdo)`, where
/// odds are goods per bad, so `PD = 1 / (1 + odds)`.
public struct Scaling: Sendable, Hashable {
    /// The score at which the odds are `baseOdds` (e.g. 600).
    public var baseScore: Double
    /// Good:bad odds at `baseScore` (e.g. 50, a PD of 1/51 ≈ 1.96 %).
    public var baseOdds: Double
    /// Points to double the odds (e.g. 20).
    public var pdo: Double

    public init(baseScore: Double = 600, baseOdds: Double = 50, pdo: Double = 20) {
        self.baseScore = baseScore
        self.baseOdds = baseOdds
        self.pdo = pdo
    }

    enum CodingKeys: String, CodingKey {
        case baseScore = "base_score", baseOdds = "base_odds", pdo
    }

    /// Points per unit of log-odds: `pdo / ln 2`.
    public var factor: Double { pdo / 0.693_147_180_559_945_3 }
    /// The score at odds 1:1: `baseScore − factor · ln(baseOdds)`.
    public var offset: Double { baseScore - factor * log(baseOdds) }

    /// The PD this scaling gives a score.
    public func pd(score: Double) -> Double {
        // odds = baseOdds · 2^((score − baseScore)/pdo) = exp((score − offset)/factor)
        let logOdds = (score - offset) / factor
        return 1 / (1 + exp(logOdds))
    }
}

/// One grade band: scores `min...max` (inclusive integers); an open end is `nil`.
public struct GradeBand: Sendable, Hashable {
    public var grade: String
    public var min: Int?
    public var max: Int?

    public init(grade: String, min: Int?, max: Int?) {
        self.grade = grade
        self.min = min
        self.max = max
    }

    /// `true` when `score` falls in this band.
    public func contains(_ score: Int) -> Bool {
        (min.map { score >= $0 } ?? true) && (max.map { score <= $0 } ?? true)
    }
}

/// How a score becomes a PD.
public struct Calibration: Sendable, Hashable {
    /// One row of a calibration table: scores from `minScore` up to the next row's `minScore`
    /// have PD `pd`.
    public struct Row: Sendable, Hashable {
        public var minScore: Int
        public var pd: Double
        public init(minScore: Int, pd: Double) {
            self.minScore = minScore
            self.pd = pd
        }
    }

    /// `nil`: the logistic inverse of the scaling. Otherwise the table, ascending by `minScore`.
    public var table: [Row]?

    public init(table: [Row]?) { self.table = table }

    /// PD from the scaling (the default).
    public static let scaling = Calibration(table: nil)
}
