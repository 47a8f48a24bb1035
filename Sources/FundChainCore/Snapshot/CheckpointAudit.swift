/// Checks a checkpoint log against the batches it vouches for, the keys that may sign it and
/// the copy published outside the database (docs/security.md, "Signed checkpoints"). Pure: the
/// caller reads the rows and the files.
public struct CheckpointAudit: Sendable {
    /// What a checkpoint must agree with: a `snapshot_batches` row.
    public struct Batch: Sendable, Equatable {
        public var id: Int64
        /// `YYYY-MM-DD`.
        public var asOf: String
        public var firmCount: Int
        /// Lowercase hex Merkle root as recorded.
        public var merkleRoot: String
        /// Lowercase hex SHA-256 of the batch's scoring model.
        public var modelSHA256: String
        /// Its challengers' (docs/models.md), in order; the checkpoint lists them after the champion.
        public var challengerSHA256s: [String]

        public init(
            id: Int64, asOf: String, firmCount: Int, merkleRoot: String, modelSHA256: String,
            challengerSHA256s: [String] = []
        ) {
            self.id = id
            self.asOf = asOf
            self.firmCount = firmCount
            self.merkleRoot = merkleRoot
            self.modelSHA256 = modelSHA256
            self.challengerSHA256s = challengerSHA256s
        }
    }

    /// Keys whose signatures count (several while a key is being rotated).
    public var keys: [CheckpointPublicKey]
    /// Every recorded batch, by id.
    public var batches: [Batch]
    /// The database's checkpoints, by sequence.
    public var stored: [SignedCheckpoint]
    /// The published checkpoints, by sequence; `nil` when no published copy is at hand.
    public var published: [SignedCheckpoint]?

    public init(
        keys: [CheckpointPublicKey], batches: [Batch], stored: [SignedCheckpoint], published: [SignedCheckpoint]?
    ) {
        self.keys = keys
        self.batches = batches.sorted { $0.id < $1.id }
        self.stored = stored.sorted { $0.checkpoint.sequence < $1.checkpoint.sequence }
        self.published = published?.sorted { $0.checkpoint.sequence < $1.checkpoint.sequence }
    }

    /// Every problem, one line each, naming the checkpoint or batch; safe to show a user.
    ///
    /// - A checkpoint whose signature does not verify with one of `keys`, whose `previous_hash` is
    ///   not the hash of the checkpoint before it, or whose batch is missing or differs from it.
    /// - Sequence numbers that do not run 1…n.
    /// - A batch of `scope` (every batch when `nil`) that no checkpoint vouches for: a forged batch.
    /// - With `published`: a published checkpoint the database lacks (a rollback), one that
    ///   differs from the database's (a rewritten log), one that is not validly signed, and a
    ///   stored checkpoint that was never published.
    /// - Complexity: O(checkpoints + batches), one signature check per checkpoint.
    public func problems(scope: Set<Int64>? = nil) -> [String] {
        var problems: [String] = []
        let byID = Dictionary(batches.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var vouched = Set<Int64>()
        var expected: Int64 = 1
        var previous: SignedCheckpoint?
        for signed in stored {
            let c = signed.checkpoint
            let name = "checkpoint \(c.sequence) (batch \(c.batchID))"
            if c.sequence != expected {
                problems.append(
                    c.sequence > expected
                        ? "checkpoint log jumps from \(expected - 1) to \(c.sequence): checkpoint "
                            + (c.sequence - 1 == expected ? "\(expected)" : "\(expected)…\(c.sequence - 1)")
                            + " missing from the database"
                        : "checkpoint \(c.sequence) appears twice in the database")
            }
            expected = c.sequence + 1
            if !keys.contains(where: { $0.id == signed.keyID }) {
                problems.append("\(name): signed by key \(signed.keyID), which is not one of the public keys given")
            } else if !signed.isSigned(byOneOf: keys) {
                problems.append("\(name): signature does not verify (forged or altered)")
            }
            if let previous, previous.checkpoint.sequence == c.sequence - 1, c.previousHash != previous.hash {
                problems.append(
                    "\(name): previous_hash is not the hash of checkpoint \(c.sequence - 1) (the log was rewritten)")
            } else if c.sequence == 1, c.previousHash != nil {
                problems.append("\(name): the first checkpoint names a previous one")
            }
            previous = signed
            guard let batch = byID[c.batchID] else {
                problems.append("\(name): its batch is not in snapshot_batches (deleted?)")
                continue
            }
            vouched.insert(batch.id)
            var differs: [String] = []
            if batch.firmCount != c.firmCount { differs.append("firm count \(batch.firmCount), signed \(c.firmCount)") }
            if batch.merkleRoot != c.merkleRoot {
                differs.append("Merkle root \(batch.merkleRoot), signed \(c.merkleRoot)")
            }
            if batch.asOf != c.asOf { differs.append("as_of \(batch.asOf), signed \(c.asOf)") }
            let models = [batch.modelSHA256] + batch.challengerSHA256s
            if c.models != models {
                differs.append("model \(models.joined(separator: ",")), signed \(c.models.joined(separator: ","))")
            }
            if !differs.isEmpty {
                problems.append("batch \(batch.id): differs from \(name): " + differs.joined(separator: "; "))
            }
        }
        for batch in batches where !vouched.contains(batch.id) && (scope?.contains(batch.id) ?? true) {
            problems.append(
                "batch \(batch.id): no signed checkpoint vouches for it (written behind FundChain's back, or built without a signing key)"
            )
        }
        if let published { problems += publishedProblems(published) }
        return problems
    }

    /// The database's log against the published one.
    func publishedProblems(_ published: [SignedCheckpoint]) -> [String] {
        var problems: [String] = []
        let stored = Dictionary(self.stored.map { ($0.checkpoint.sequence, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<Int64>()
        for file in published {
            let c = file.checkpoint
            seen.insert(c.sequence)
            if !file.isSigned(byOneOf: keys) {
                problems.append("published checkpoint \(c.sequence): not validly signed by a public key given")
            }
            guard let mine = stored[c.sequence] else {
                problems.append(
                    "rollback: published checkpoint \(c.sequence) (batch \(c.batchID)) is not in the database (its batch deleted?)"
                )
                continue
            }
            if mine.hash != file.hash {
                problems.append(
                    "checkpoint \(c.sequence) (batch \(mine.checkpoint.batchID)): differs from the published one (the log was rewritten)"
                )
            }
        }
        for signed in self.stored where !seen.contains(signed.checkpoint.sequence) {
            problems.append(
                "checkpoint \(signed.checkpoint.sequence) (batch \(signed.checkpoint.batchID)): not in the published checkpoints"
            )
        }
        return problems
    }
}
