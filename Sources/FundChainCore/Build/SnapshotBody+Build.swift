/// Making a firm's body in a build.
extension SnapshotBody {
    /// The body of firm `firm` (index into `table.firms`) of a build.
    ///
    /// - Parameters:
    ///   - products: the firm's product matches (`Products(_:catalogID:)`), or `nil` when no
    ///     catalog was loaded.
    ///   - challengers: the firm's scores by the build's challengers, in the batch's order; the
    ///     member `challengers` is written only when there are some, so a build without
    ///     challengers writes the bodies it always wrote.
    /// - Complexity: O(features + reasons).
    public init(
        table: ProfileTable, firm: Int, score: ScoreResult, card: Scorecard, modelSHA256: String, fingerprint: String,
        products: Products? = nil, challengers: [ChallengerScore] = []
    ) {
        let f = table.firms[firm]
        var features: [String: FeatureValue] = [:]
        features.reserveCapacity(ProfileCatalog.definitions.count)
        for (k, definition) in ProfileCatalog.definitions.enumerated() {
            // A non-finite number is written `null` and reads back missing: hold it as missing.
            var value = table.value(firm: firm, column: k)
            if case .number(let x) = value, !x.isFinite { value = .missing }
            features[definition.name] = value
        }
        var points: [String: Int] = [:]
        for s in score.features { points[s.feature] = s.points }
        let window = table.window
        self.init(
            firm: Firm(
                uscc: f.uscc.code, name: f.name, industry: f.industry.code, region: f.region.code,
                foundedOn: f.foundedOn,
                isCore: f.isCore),
            asOf: window.lastDay,
            window: Window(firstMonth: window.firstMonth, lastMonth: window.lastMonth, months: window.months),
            features: FeatureVector(features), score: Score(points: score.points, pd: score.pd, grade: score.grade),
            featurePoints: points, reasons: score.reasons,
            model: Model(id: card.id, version: card.version, sha256: modelSHA256), inputFingerprint: fingerprint,
            products: products, challengers: challengers)
    }
}

extension SnapshotBody.Products {
    /// What the matcher decided for one firm, compactly: eligible products ranked with fit,
    /// limit (whole yuan, rounded down) and rate; ineligible ones with the rules they failed.
    public init(_ result: ProductMatchResult, catalogID: Int64) {
        self.init(
            catalogID: catalogID, catalogSHA256: result.catalogSHA256,
            eligible: result.eligible.map { m in
                Eligible(
                    product: m.productID, name: m.name, fit: m.fit, limitYuan: m.limit.map { $0.fen / 100 },
                    annualRateBP: m.rateBP)
            },
            ineligible: result.ineligible.map { m in Ineligible(product: m.productID, failed: m.failures.map(\.rule)) })
    }
}
