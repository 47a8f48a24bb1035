/// One early warning about a firm, raised by comparing a build with the previous one
/// (docs/reports.md, "warnings").
public struct EarlyWarning: Sendable, Equatable {
    /// What was seen. Raw values are the `kind` column of the `warnings` table.
    public enum Kind: String, Sendable, CaseIterable {
        /// The grade is worse than in the previous build.
        case gradeFell = "grade_fell"
        /// The score fell by more than the threshold (points).
        case scoreDrop = "score_drop"
        /// Inflow collapsed: `inflow_growth_3m ≤ −0.5` now, and not in the previous build.
        case inflowCollapse = "inflow_collapse"
        /// In a payment cycle now (`cycle_participation > 0`), in none before.
        case joinedCycle = "joined_cycle"
    }

    public var uscc: String
    public var kind: Kind
    /// For people, e.g. `BBB → B`.
    public var detail: String
    /// The measured values before and after (grade rank, score, growth, cycles).
    public var before: Double?
    public var after: Double?

    public init(uscc: String, kind: Kind, detail: String, before: Double?, after: Double?) {
        self.uscc = uscc
        self.kind = kind
        self.detail = detail
        self.before = before
        self.after = after
    }
}
