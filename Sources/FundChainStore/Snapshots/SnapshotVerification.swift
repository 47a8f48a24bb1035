/// Which snapshots `SnapshotStore.verify(_:options:problem:)` re-checks.
public enum SnapshotVerifyScope: Sendable, Equatable {
    /// One batch: its rows, links, firm count and Merkle root.
    case batch(Int64)
    /// One firm's whole chain, and the firm count and Merkle root of every batch it is in.
    case firm(String)
    /// Every batch, plus batch ids without gaps and no rows of an unknown batch.
    case all
}

/// How much `verify` checks, and how.
public struct SnapshotVerifyOptions: Sendable {
    /// Also check each row's columns against its body and re-score its features with its model
    /// (default `true`); `false` checks hashes, links, counts and roots only.
    public var contents: Bool
    /// Threads re-hashing and re-scoring a chunk of rows.
    public var parallelism: Int
    /// Rows read before a chunk is checked (bounds memory on 100k-firm batches).
    public var chunkSize: Int

    public init(contents: Bool = true, parallelism: Int = 2, chunkSize: Int = 4_096) {
        self.contents = contents
        self.parallelism = max(1, parallelism)
        self.chunkSize = max(1, chunkSize)
    }
}

/// The result of `SnapshotStore.verify(_:options:problem:)`.
public struct SnapshotVerification: Sendable, Equatable {
    /// Snapshots re-checked.
    public var snapshots: Int
    /// Batches whose count and Merkle root were re-checked.
    public var batches: Int
    /// What did not match, one line each, naming the snapshot, firm or batch; safe to show a user.
    public var problems: [String]
    /// Signed checkpoints checked (`nil`: no public key given, none checked).
    public var checkpoints: Int?

    public var isValid: Bool { problems.isEmpty }

    public init(snapshots: Int, batches: Int, problems: [String], checkpoints: Int? = nil) {
        self.snapshots = snapshots
        self.batches = batches
        self.problems = problems
        self.checkpoints = checkpoints
    }

    /// `verified N snapshots in M batches: OK`, or `…: FAILED: K problems`; with checkpoints,
    /// `verified N snapshots in M batches and C signed checkpoints: …`.
    public var verdict: String {
        var head =
            "verified \(snapshots) snapshot\(snapshots == 1 ? "" : "s") in \(batches) batch\(batches == 1 ? "" : "es")"
        if let checkpoints { head += " and \(checkpoints) signed checkpoint\(checkpoints == 1 ? "" : "s")" }
        return isValid ? head + ": OK" : head + ": FAILED: \(problems.count) problem\(problems.count == 1 ? "" : "s")"
    }
}
