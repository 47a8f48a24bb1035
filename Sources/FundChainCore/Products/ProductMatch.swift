/// How one firm stands against one product.
public struct ProductMatch: Sendable, Hashable {
    public var productID: String
    public var name: String
    public var lender: String
    public var kind: String
    /// `true` when no rule failed.
    public var eligible: Bool
    /// Targeting rules (industries, regions, core link) the product sets and the firm met; the
    /// first ranking key, so segment products come before general ones.
    public var fit: Int
    /// Suggested limit (`LimitFormula`); `nil` when it could not be computed (a missing basis).
    public var limit: Money?
    /// Indicative annual rate in basis points for the firm's grade; `nil` when the grade is not priced.
    public var rateBP: Int?
    /// Every rule that failed, in rule order (docs/products-format.md); empty when eligible.
    public var failures: [RuleFailure]
}

/// The matches of one firm: eligible products ranked (fit, then rate, then limit, then id), and
/// ineligible ones in catalog order with their failed rules.
public struct ProductMatchResult: Sendable, Hashable {
    public var catalogSHA256: String
    public var eligible: [ProductMatch]
    public var ineligible: [ProductMatch]
}

/// What the matcher needs to know about a firm besides its features.
public struct FirmFacts: Sendable, Hashable {
    public var points: Int
    public var grade: String
    public var pd: Double
    /// GB/T 4754 code of the firm's industry (any level); empty when unknown.
    public var industry: String
    /// Region code of the firm's registered town or district; empty when unknown.
    public var region: String

    public init(points: Int, grade: String, pd: Double, industry: String, region: String) {
        self.points = points
        self.grade = grade
        self.pd = pd
        self.industry = industry
        self.region = region
    }
}
