import FundChainCore
import Logging
import PostgresNIO

/// Signing, publishing and checking the checkpoints of batches (docs/security.md, "Signed
/// checkpoints").
extension SnapshotStore {
    /// Signs `batch`'s checkpoint, chained to the latest stored one and carrying the head of
    /// every audit chain, and stores it; inside the
    /// batch's transaction, under the writers' advisory lock. With a published directory, first
    /// checks that it holds nothing the database lacks: a later checkpoint, or a different
    /// latest one, means the database was rolled back (or is not the one the directory
    /// belongs to), and the build is refused rather than fork the log.
    static func signCheckpoint(
        _ batch: SnapshotBatch, time: String, signer: CheckpointSigner, connection: PostgresConnection, logger: Logger
    ) async throws {
        let latest = try await CheckpointStore.latest(connection: connection, logger: logger)
        let sequence = (latest?.checkpoint.sequence ?? 0) + 1
        if let directory = signer.directory {
            let published = try directory.latestSequence()
            if published >= sequence {
                let name = try directory.checkpoint(published).map {
                    "checkpoint \(published) (batch \($0.checkpoint.batchID))"
                }
                throw StoreError(
                    .snapshotFailed,
                    "\(directory.path) has published \(name ?? "checkpoint \(published)"), which the database lacks "
                        + "(the database has \(sequence - 1)): a rollback, or another database's directory; "
                        + "see `fundchain snapshot verify --public-key … --checkpoints \(directory.path)`")
            }
            if let latest, let file = try directory.checkpoint(latest.checkpoint.sequence), file.hash != latest.hash {
                throw StoreError(
                    .snapshotFailed,
                    "checkpoint \(latest.checkpoint.sequence) in the database differs from the one published in \(directory.path)"
                )
            }
        }
        var heads: [AuditHead] = []
        let rows = try await connection.query(
            "SELECT DISTINCT ON (chain_id) chain_id, seq, hash FROM audit_chain ORDER BY chain_id, seq DESC",
            logger: logger)
        for try await (chain, seq, hash) in rows.decode((String, Int64, String).self) {
            heads.append(AuditHead(chain: chain, seq: seq, hash: hash))
        }
        let checkpoint = Checkpoint(
            sequence: sequence, batchID: batch.id, asOf: batch.asOf.description, firmCount: batch.firmCount,
            merkleRoot: batch.merkleRoot, previousHash: latest?.hash, models: batch.models, time: time,
            auditHeads: heads)
        try await CheckpointStore.insert(try signer.key.sign(checkpoint), connection: connection, logger: logger)
    }

    /// Publishes every stored checkpoint that `directory` does not have yet (after a commit;
    /// also catches up a directory that a failure or a new location left behind).
    public func publishCheckpoints(to directory: CheckpointDirectory) async throws {
        try directory.create()
        let after = try directory.latestSequence()
        for signed in try await CheckpointStore(database: database).checkpoints(after: after) {
            try directory.publish(signed)
        }
    }

    /// The checkpoint log checked against `keys`, the batches and (when given) the published
    /// directory (`CheckpointAudit`). Batch-level problems only for the batches `scope` covers;
    /// log-level ones always. Returns the checkpoints checked and the problems.
    public func verifyCheckpoints(
        keys: [CheckpointPublicKey], published directory: CheckpointDirectory?, scope: SnapshotVerifyScope
    ) async throws -> (checkpoints: Int, problems: [String]) {
        let (stored, storedProblems) = try await CheckpointStore(database: database).all()
        var problems = storedProblems
        var published: [SignedCheckpoint]?
        if let directory {
            let (files, fileProblems) = try directory.readAll()
            problems += fileProblems
            published = files
        }
        let batches = try await batches("SELECT \(unescaped: Self.batchColumns) FROM snapshot_batches ORDER BY id").map
        {
            CheckpointAudit.Batch(
                id: $0.id, asOf: $0.asOf.description, firmCount: $0.firmCount, merkleRoot: $0.merkleRoot,
                modelSHA256: $0.modelSHA256, challengerSHA256s: $0.challengerSHA256s)
        }
        var inScope: Set<Int64>?
        switch scope {
        case .all: inScope = nil
        case .batch(let id): inScope = [id]
        case .firm(let uscc):
            inScope = Set(try await int64s("SELECT DISTINCT batch_id FROM snapshots WHERE uscc = \(uscc)::bpchar"))
        }
        let audit = CheckpointAudit(keys: keys, batches: batches, stored: stored, published: published)
        return (stored.count, problems + audit.problems(scope: inScope))
    }
}
