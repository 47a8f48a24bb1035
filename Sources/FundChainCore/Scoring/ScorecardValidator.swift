/// Applies a card to labelled data and measures it: discrimination, grade bands, and stability
/// (PSI) against the training distributions the card carries.
public enum ScorecardValidator {
    /// Stability and strength of one feature on the new data.
    public struct FeatureReport: Sendable, Hashable {
        public var name: String
        /// IV on the new data, with the card's bins.
        public var iv: Double
        /// PSI of the new data's bin shares against training (`nil` for an expert card
        /// without training counts).
        public var psi: Double?
        /// Rows per bin (card bin order) in the new data.
        public var counts: [Int]
    }

    public struct Report: Sendable {
        public var performance: ScorePerformance
        public var features: [FeatureReport]
        /// PSI of the score distribution against training (`nil` without a development record).
        public var scorePSI: Double?
        public var scores: [Int]
    }

    /// Scores every row of `table` with `card` and compares with the `target` labels.
    ///
    /// - Complexity: O(n · f log b).
    public static func validate(card: Scorecard, table: TextTable, target: String, badValue: String)
        throws(ScorecardError)
        -> Report
    {
        let isBad = try table.badFlags(target: target, badValue: badValue)
        let columns = try card.features.map { feature throws(ScorecardError) in
            try table.column(feature.name)
        }
        return validate(
            card: card, vectors: (0..<table.rowCount).lazy.map { table.featureVector(row: $0, columns: columns) },
            isBad: isBad)
    }

    /// Scores `vectors` with `card` and compares with `isBad` (parallel to them).
    ///
    /// - Complexity: O(n · f log b).
    public static func validate(card: Scorecard, vectors: some Collection<FeatureVector>, isBad: [Bool]) -> Report {
        precondition(vectors.count == isBad.count, "one label per vector")
        var total = BinCounts()
        for bad in isBad { total.add(bad: bad) }
        var binCounts = card.features.map { [BinCounts](repeating: BinCounts(), count: $0.bins.count) }
        var scores: [Int] = []
        scores.reserveCapacity(isBad.count)
        for (r, vector) in vectors.enumerated() {
            let result = card.score(vector)
            scores.append(result.points)
            for (f, featureScore) in result.features.enumerated() { binCounts[f][featureScore.bin].add(bad: isBad[r]) }
        }
        let features = card.features.enumerated().map { f, feature in
            let trainCounts = feature.bins.map(\.count)
            let psi: Double? =
                trainCounts.allSatisfy({ $0 != nil })
                ? ModelMetrics.psi(expected: trainCounts.map { $0! }, actual: binCounts[f].map(\.count)) : nil
            return FeatureReport(
                name: feature.name, iv: binCounts[f].informationValue(total: total), psi: psi,
                counts: binCounts[f].map(\.count))
        }
        var scorePSI: Double? = nil
        if let buckets = card.development?.scoreDistribution, !buckets.isEmpty {
            let actual = buckets.map { bucket in scores.count { bucket.contains($0) } }
            scorePSI = ModelMetrics.psi(expected: buckets.map(\.count), actual: actual)
        }
        return Report(
            performance: ScorePerformance(card: card, scores: scores, isBad: isBad), features: features,
            scorePSI: scorePSI,
            scores: scores)
    }
}
