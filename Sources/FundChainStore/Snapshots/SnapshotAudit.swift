/// The result of re-checking a stored batch (`SnapshotStore.verify(batch:)`).
public struct SnapshotAudit: Sendable, Equatable {
    public var batchID: Int64
    /// Snapshots whose hash and link were recomputed.
    public var checked: Int
    /// What did not match, one line each, safe to show a user.
    public var problems: [String]

    public var isValid: Bool { problems.isEmpty }

    public init(batchID: Int64, checked: Int, problems: [String]) {
        self.batchID = batchID
        self.checked = checked
        self.problems = problems
    }
}
