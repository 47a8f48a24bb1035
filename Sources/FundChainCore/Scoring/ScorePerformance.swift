/// How well a card's scores separate goods from bads on one sample.
public struct ScorePerformance: Sendable, Hashable {
    /// Rows and bads in one grade band.
    public struct Band: Sendable, Hashable {
        public var grade: String
        public var min: Int?
        public var max: Int?
        public var rows: Int
        public var bads: Int
        public var badRate: Double { rows > 0 ? Double(bads) / Double(rows) : 0 }
    }

    public var rows: Int
    public var bads: Int
    public var auc: Double
    public var ks: Double
    public var gini: Double
    public var bands: [Band]

    /// Measures `scores` (higher = safer) against `isBad`, banded by the card's grades.
    public init(card: Scorecard, scores: [Int], isBad: [Bool]) {
        let values = scores.map(Double.init)
        rows = scores.count
        bads = isBad.count { $0 }
        auc = ModelMetrics.auc(scores: values, isBad: isBad)
        ks = ModelMetrics.ks(scores: values, isBad: isBad)
        gini = ModelMetrics.gini(auc: auc)
        var bands = card.grades.map { Band(grade: $0.grade, min: $0.min, max: $0.max, rows: 0, bads: 0) }
        let position = Dictionary(uniqueKeysWithValues: card.grades.enumerated().map { ($1.grade, $0) })
        for (score, bad) in zip(scores, isBad) {
            guard let k = position[card.grade(points: score)] else { continue }
            bands[k].rows += 1
            if bad { bands[k].bads += 1 }
        }
        self.bands = bands
    }
}

extension GradeBand {
    /// The default master scale: nine bands AAA … C, each 1.5 PDO wide (a factor 2^1.5 ≈ 2.8 in
    /// odds), BB starting at the base score (odds `baseOdds`), open at both ends.
    public static func standardScale(_ scaling: Scaling) -> [GradeBand] {
        let names = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"]
        let width = 1.5 * scaling.pdo
        // Lower bounds of AAA … CC: base + 4w … base − 3w.
        let mins = (0..<8).map { k in Int((scaling.baseScore + Double(4 - k) * width).rounded()) }
        return names.enumerated().map { k, name in
            GradeBand(grade: name, min: k < 8 ? mins[k] : nil, max: k > 0 ? mins[k - 1] - 1 : nil)
        }
    }
}
