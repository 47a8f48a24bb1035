import FundChainCore

/// A batch's firms with what happened to them: the population of a backtest, of a fit on the
/// batch (`model fit --from-batch`) and of an out-of-time validation (`model validate --batch`),
/// chosen the same way for all three (docs/backtest.md): the batch's firms within the filter, less
/// those already in default on its as-of date; a firm is a bad when its first default falls
/// within the horizon after that date (`BacktestPopulation`, on `DefaultDefinition`).
public struct OutcomeSample: Sendable {
    /// The firms of the population, as indices into `ReportBatch.firms`, ascending.
    public var rows: [Int]
    /// Whether each of them defaulted within the horizon (parallel to `rows`).
    public var defaulted: [Bool]
    /// Firms within the filter left out because they were already in default on the as-of date.
    public var alreadyInDefault: Int
    public var horizonMonths: Int

    public init(
        _ batch: ReportBatch, defaults: [String: CalendarDate], horizonMonths: Int, filter: ReportFilter = .init()
    ) {
        rows = []
        defaulted = []
        alreadyInDefault = 0
        self.horizonMonths = horizonMonths
        let population = BacktestPopulation(asOf: batch.asOf, horizonMonths: horizonMonths, defaults: defaults)
        for (i, firm) in batch.firms.enumerated() where filter.matches(firm) {
            guard let outcome = population.outcome(of: firm.uscc) else {
                alreadyInDefault += 1
                continue
            }
            rows.append(i)
            defaulted.append(outcome)
        }
    }

    public var defaults: Int { defaulted.count { $0 } }

    /// The categorical features a sample can give besides the stored numeric ones: read from the
    /// firm's registration as the build does (`ProfileBuilder`), not from the bodies.
    public static let categoricalFeatures = ["industry_division", "district"]

    /// The value of categorical feature `name` for `firm`, as the build computes it.
    static func category(_ name: String, of firm: ReportFirm) -> String? {
        switch name {
        case "industry_division": firm.industry.division?.code ?? firm.industry.code
        case "district": firm.region.district?.code ?? firm.region.code
        default: nil
        }
    }

    /// The population as a labelled data set of the stored features `numeric` (in that order)
    /// and the categorical features `categorical`, for `ScorecardFitter`.
    ///
    /// - Throws: `ReportError` naming a feature the batch does not hold.
    public func dataset(_ batch: ReportBatch, numeric: [String], categorical: [String]) throws -> ModelDataset {
        var columns: [ModelDataset.Column] = []
        for name in numeric {
            guard batch.featureNames.contains(name) else {
                throw ReportError(.invalidInput, "batch \(batch.id) holds no numeric feature '\(name)'")
            }
            columns.append(.numeric(batch.column(name, rows: rows)))
        }
        for name in categorical {
            guard Self.categoricalFeatures.contains(name) else {
                throw ReportError(
                    .invalidInput,
                    "'\(name)' is not a categorical feature (\(Self.categoricalFeatures.joined(separator: ", ")))")
            }
            columns.append(.categorical(rows.map { Self.category(name, of: batch.firms[$0]) }))
        }
        return ModelDataset(names: numeric + categorical, columns: columns, isBad: defaulted)
    }

    /// Each firm of the population as the feature vector `card` reads, from the stored features.
    ///
    /// - Throws: `ReportError` naming a feature of the card the batch does not hold.
    public func vectors(_ batch: ReportBatch, for card: Scorecard) throws -> [FeatureVector] {
        for feature in card.features {
            let known =
                feature.kind == .numeric
                ? batch.featureNames.contains(feature.name) : Self.categoricalFeatures.contains(feature.name)
            guard known else {
                throw ReportError(
                    .invalidInput,
                    "the card's feature '\(feature.name)' is not a stored \(feature.kind.rawValue) feature of batch \(batch.id)"
                )
            }
        }
        return rows.map { f in
            var values: [String: FeatureValue] = [:]
            for feature in card.features {
                switch feature.kind {
                case .numeric:
                    values[feature.name] = batch.feature(feature.name, of: f).map(FeatureValue.number) ?? .missing
                case .categorical:
                    values[feature.name] =
                        Self.category(feature.name, of: batch.firms[f]).map(FeatureValue.category) ?? .missing
                }
            }
            return FeatureVector(values)
        }
    }

    /// The population as backtest observations with the given PDs and grades (parallel to
    /// `rows`), segmented by industry division and district.
    public func observations(_ batch: ReportBatch, pds: [Double], grades: [String]) -> [Backtest.Observation] {
        rows.indices.map { k in
            let firm = batch.firms[rows[k]]
            var segments: [String: String] = [:]
            if let division = firm.industry.division { segments["division"] = division.code }
            if let district = firm.region.district { segments["district"] = district.code }
            return Backtest.Observation(
                uscc: firm.uscc, grade: grades[k], pd: pds[k], defaulted: defaulted[k], segments: segments)
        }
    }

    /// The population with the PDs and grades the batch itself gave.
    public func batchObservations(_ batch: ReportBatch) -> [Backtest.Observation] {
        observations(batch, pds: rows.map { batch.firms[$0].pd }, grades: rows.map { batch.firms[$0].grade })
    }
}
