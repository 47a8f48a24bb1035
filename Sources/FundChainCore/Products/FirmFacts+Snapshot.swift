/// The facts the matcher reads besides features, from the two places they come from: a build's
/// firm and score, or a stored snapshot body.
extension FirmFacts {
    /// A build's firm (`ProfileTable.firms`) with its champion score.
    public init(firm: Firm, score: ScoreResult) {
        self.init(
            points: score.points, grade: score.grade, pd: score.pd, industry: firm.industry.code,
            region: firm.region.code)
    }

    /// What a snapshot body records: its score, PD and grade, its firm's industry and region.
    public init(snapshot body: SnapshotBody) {
        self.init(
            points: body.score.points, grade: body.score.grade, pd: body.score.pd, industry: body.firm.industry,
            region: body.firm.region)
    }
}

extension ProductMatcher {
    /// Matches a stored snapshot's features and facts: with the catalog version the body names
    /// (`products.catalogID`), the decisions the build stored, in full (limits, rates, every
    /// failed rule with the firm's value, the threshold and a sentence).
    ///
    /// - Complexity: as `match(features:firm:)`.
    public func match(snapshot body: SnapshotBody) -> ProductMatchResult {
        match(features: body.features, firm: FirmFacts(snapshot: body))
    }
}
