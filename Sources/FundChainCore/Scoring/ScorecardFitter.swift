/// Fits a points scorecard from a labelled data set: binning and WOE per feature, selection by
/// IV and WOE correlation, logistic regression on WOE, scaling to integer points.
public enum ScorecardFitter {
    /// One row of the IV table: every candidate feature and what became of it.
    public struct Candidate: Sendable, Hashable {
        public var name: String
        public var kind: ScorecardFeature.Kind
        public var bins: Int
        public var iv: Double
        public var monotonic: Bool
        /// The direction the bins were held to (`FitOptions.directions`); `nil` when the fit chose.
        public var direction: RiskDirection?
        /// `selected`, or why the feature was dropped.
        public var status: String
        public var coefficient: Double?
        public var pValue: Double?
    }

    /// A fitted card and the figures behind it.
    public struct Result: Sendable {
        public var card: Scorecard
        public var candidates: [Candidate]
        public var binnings: [FeatureBinning]
        public var regression: LogisticRegression
        public var trainRows: [Int]
        public var testRows: [Int]
        /// Scores of every row of the data set, in row order.
        public var scores: [Int]
        public var train: ScorePerformance
        public var test: ScorePerformance?
    }

    /// Identity and provenance the card records.
    public struct Provenance: Sendable {
        public var id: String
        public var version: String
        public var description: String
        public var datasetSHA256: String
        public var target: String
        public var badValue: String

        public init(
            id: String, version: String, description: String, datasetSHA256: String, target: String, badValue: String
        ) {
            self.id = id
            self.version = version
            self.description = description
            self.datasetSHA256 = datasetSHA256
            self.target = target
            self.badValue = badValue
        }
    }

    /// Fits a card on `data` (split by `options.testFraction` and `options.seed`). Its grades are
    /// `masterScale`'s bands in points when given, else `GradeBand.standardScale`; `training`
    /// is recorded in the card as it is.
    ///
    /// - Complexity: O(f · n log n) binning plus O(k · it · n · f²) for k refits of the regression.
    public static func fit(
        _ data: ModelDataset, options: FitOptions, provenance: Provenance, masterScale: MasterScale? = nil,
        training: ModelTraining? = nil
    ) throws(ScorecardError) -> Result {
        guard data.rowCount >= 10 else { throw ScorecardError(.data, "need at least 10 rows, have \(data.rowCount)") }
        let (trainRows, testRows) =
            options.testFraction > 0
            ? ModelDataset.split(rows: data.rowCount, testFraction: options.testFraction, seed: options.seed)
            : (Array(0..<data.rowCount), [])
        let train = data.subset(trainRows)
        guard train.isBad.contains(true), train.isBad.contains(false) else {
            throw ScorecardError(.data, "the training rows need both goods and bads")
        }
        let binnings = data.names.indices.map { c in
            FeatureBinning.fit(name: data.names[c], column: train.columns[c], isBad: train.isBad, options: options)
        }
        var status = binnings.map { $0.iv >= options.ivMin ? "" : "IV below \(options.ivMin)" }
        // Strongest first; ties in column order.
        let ranked = binnings.indices.filter { status[$0].isEmpty }.sorted { binnings[$0].iv > binnings[$1].iv }
        var woe: [Int: [Double]] = [:]
        var kept: [Int] = []
        for c in ranked {
            let column = binnings[c].woeColumn(train.columns[c])
            if let (other, r) = kept.lazy.map({ ($0, ModelMetrics.correlation(column, woe[$0]!)) }).first(where: {
                abs($0.1) > options.maxCorrelation
            }) {
                status[c] = "WOE correlates with \(data.names[other]) (r = \((r * 100).rounded() / 100))"
                continue
            }
            woe[c] = column
            kept.append(c)
        }
        // Refit without a feature whose coefficient is not positive (a WOE sign flip from
        // collinearity), or without the weakest feature when the design is singular (several
        // features jointly collinear, or too few bads for them all: small samples).
        var regression: LogisticRegression
        while true {
            guard !kept.isEmpty else { throw ScorecardError(.fit, "no feature passes the IV and correlation filters") }
            do {
                regression = try LogisticRegression.fit(columns: kept.map { woe[$0]! }, y: train.isBad, l2: options.l2)
            } catch {
                guard kept.count > 1 else { throw error }
                let weakest = kept.count - 1  // `kept` is strongest first
                status[kept[weakest]] = "dropped: the regression with it is singular (collinear with the others)"
                kept.remove(at: weakest)
                continue
            }
            if let worst = regression.coefficients.indices.min(by: {
                regression.coefficients[$0] < regression.coefficients[$1]
            }),
                regression.coefficients[worst] <= 0
            {
                status[kept[worst]] =
                    "coefficient not positive (\((regression.coefficients[worst] * 1000).rounded() / 1000))"
                kept.remove(at: worst)
                continue
            }
            // Backward elimination: the least significant feature goes while one is above the limit.
            guard kept.count > 1,
                let weakest = regression.pValues.indices.max(by: { regression.pValues[$0] < regression.pValues[$1] }),
                regression.pValues[weakest] > options.maxPValue
            else { break }
            status[kept[weakest]] =
                "p-value \((regression.pValues[weakest] * 1000).rounded() / 1000) above \(options.maxPValue)"
            kept.remove(at: weakest)
        }
        var candidates = binnings.indices.map { c in
            Candidate(
                name: binnings[c].name, kind: binnings[c].kind, bins: binnings[c].counts.count, iv: binnings[c].iv,
                monotonic: binnings[c].kind == .categorical || binnings[c].isMonotonic,
                direction: binnings[c].kind == .numeric ? options.directions[binnings[c].name] : nil,
                status: status[c].isEmpty ? "selected" : status[c])
        }
        for (j, c) in kept.enumerated() {
            candidates[c].coefficient = regression.coefficients[j]
            candidates[c].pValue = regression.pValues[j]
        }
        var card = makeCard(
            binnings: binnings, kept: kept, regression: regression, options: options, provenance: provenance)
        if let masterScale { card.grades = masterScale.gradeBands(for: options.scaling) }
        card.training = training
        let scores = (0..<data.rowCount).map { card.score(vector(data, row: $0)).points }
        let trainScores = trainRows.map { scores[$0] }
        card.development = ModelDevelopment(
            datasetSHA256: provenance.datasetSHA256, datasetRows: data.rowCount, target: provenance.target,
            badValue: provenance.badValue, trainRows: trainRows.count, trainBads: train.isBad.count { $0 },
            testRows: testRows.count, testBads: testRows.count { data.isBad[$0] }, options: options,
            intercept: regression.intercept,
            scoreDistribution: scoreBuckets(trainScores, isBad: train.isBad))
        try card.validate()
        let trainPerformance = ScorePerformance(card: card, scores: trainScores, isBad: train.isBad)
        let testPerformance =
            testRows.isEmpty
            ? nil
            : ScorePerformance(card: card, scores: testRows.map { scores[$0] }, isBad: testRows.map { data.isBad[$0] })
        return Result(
            card: card, candidates: candidates, binnings: binnings, regression: regression, trainRows: trainRows,
            testRows: testRows, scores: scores, train: trainPerformance, test: testPerformance)
    }

    /// Row `row` of a typed data set as a feature vector.
    public static func vector(_ data: ModelDataset, row: Int) -> FeatureVector {
        var values: [String: FeatureValue] = [:]
        for (name, column) in zip(data.names, data.columns) {
            switch column {
            case .numeric(let v): values[name] = v[row].map(FeatureValue.number) ?? .missing
            case .categorical(let v): values[name] = v[row].map(FeatureValue.category) ?? .missing
            }
        }
        return FeatureVector(values)
    }

    static func makeCard(
        binnings: [FeatureBinning], kept: [Int], regression: LogisticRegression, options: FitOptions,
        provenance: Provenance
    ) -> Scorecard {
        let factor = options.scaling.factor
        func points(_ coefficient: Double, _ woe: Double) -> Int { Int((-factor * coefficient * woe).rounded()) }
        let features = kept.enumerated().map { j, c in
            let binning = binnings[c], b = regression.coefficients[j]
            let woes = binning.woes
            var bins: [ScorecardBin] = binning.counts.indices.map { k in
                let counts = binning.counts[k]
                switch binning.kind {
                case .numeric:
                    return ScorecardBin(
                        min: k > 0 ? binning.cuts[k - 1] : nil, max: k < binning.cuts.count ? binning.cuts[k] : nil,
                        points: points(b, woes[k]), count: counts.count, bads: counts.bads, woe: woes[k])
                case .categorical:
                    return ScorecardBin(
                        categories: binning.groups[k].sorted(), other: k == binning.otherGroup,
                        points: points(b, woes[k]),
                        count: counts.count, bads: counts.bads, woe: woes[k])
                }
            }
            bins.append(
                ScorecardBin(
                    missing: true, points: points(b, binning.missingWOE), count: binning.missing.count,
                    bads: binning.missing.bads, woe: binning.missingWOE))
            let text =
                binning.kind == .numeric
                ? "\(binning.name) is in a range with a higher default rate"
                : "\(binning.name) is a category with a higher default rate"
            return ScorecardFeature(
                name: binning.name, kind: binning.kind, reasonCode: "R\(c + 1 < 10 ? "0" : "")\(c + 1)",
                reasonText: text,
                bins: bins, iv: binning.iv, coefficient: b, pValue: regression.pValues[j])
        }
        let basePoints = Int((options.scaling.offset - factor * regression.intercept).rounded())
        return Scorecard(
            id: provenance.id, version: provenance.version, description: provenance.description,
            scaling: options.scaling,
            basePoints: basePoints, features: features, grades: GradeBand.standardScale(options.scaling))
    }

    /// Training scores in up to ten buckets cut at their deciles (distinct cut points only).
    static func scoreBuckets(_ scores: [Int], isBad: [Bool]) -> [ScoreBucket] {
        let sorted = scores.sorted()
        var cuts: [Int] = []
        for q in 1...9 {
            let cut = sorted[min(sorted.count - 1, q * sorted.count / 10)]
            if cut > sorted[0], cuts.last.map({ cut > $0 }) ?? true { cuts.append(cut) }
        }
        var buckets = (0...cuts.count).map { k in
            ScoreBucket(min: k > 0 ? cuts[k - 1] : nil, max: k < cuts.count ? cuts[k] : nil, count: 0, bads: 0)
        }
        for (score, bad) in zip(scores, isBad) {
            let k = cuts.count { $0 <= score }
            buckets[k].count += 1
            if bad { buckets[k].bads += 1 }
        }
        return buckets
    }
}
