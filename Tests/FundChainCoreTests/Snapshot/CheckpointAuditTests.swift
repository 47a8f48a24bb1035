import Testing

@testable import FundChainCore

/// `CheckpointAudit` on small hand-made logs: each kind of tampering is named once, by
/// checkpoint or batch.
@Suite struct CheckpointAuditTests {
    static func batch(_ id: Int64) -> CheckpointAudit.Batch {
        .init(
            id: id, asOf: "2025-0\(id)-28", firmCount: Int(id) + 2,
            merkleRoot: Hex.encode([UInt8](repeating: UInt8(id), count: 32)),
            modelSHA256: String(repeating: "ef", count: 32))
    }

    /// A log of signed checkpoints for batches 1…n, chained.
    static func log(_ n: Int64, key: CheckpointSigningKey) throws -> [SignedCheckpoint] {
        var out: [SignedCheckpoint] = []
        for id in 1...n {
            let b = batch(id)
            out.append(
                try key.sign(
                    Checkpoint(
                        sequence: id, batchID: id, asOf: b.asOf, firmCount: b.firmCount, merkleRoot: b.merkleRoot,
                        previousHash: out.last?.hash, models: [b.modelSHA256], time: "2025-04-01T08:30:0\(id)Z")))
        }
        return out
    }

    @Test func intactLogHasNoProblems() throws {
        let key = try CheckpointTests.key()
        let log = try Self.log(3, key: key)
        let audit = CheckpointAudit(
            keys: [key.publicKey], batches: (1...3).map(Self.batch), stored: log, published: log)
        #expect(audit.problems() == [])
    }

    /// A batch with challengers (docs/models.md): its checkpoint lists the champion's sha256, then
    /// the challengers'; a challenger added or dropped behind the checkpoint's back is named.
    @Test func challengersAreSignedAfterTheChampion() throws {
        let key = try CheckpointTests.key()
        var batch = Self.batch(1)
        batch.challengerSHA256s = [String(repeating: "c1", count: 32)]
        func checkpoint(models: [String]) throws -> SignedCheckpoint {
            try key.sign(
                Checkpoint(
                    sequence: 1, batchID: 1, asOf: batch.asOf, firmCount: batch.firmCount, merkleRoot: batch.merkleRoot,
                    previousHash: nil, models: models, time: "2025-04-01T08:30:01Z"))
        }
        let both = [try checkpoint(models: [batch.modelSHA256] + batch.challengerSHA256s)]
        #expect(CheckpointAudit(keys: [key.publicKey], batches: [batch], stored: both, published: nil).problems() == [])
        let championOnly = [try checkpoint(models: [batch.modelSHA256])]
        #expect(
            CheckpointAudit(keys: [key.publicKey], batches: [batch], stored: championOnly, published: nil).problems()
                == [
                    "batch 1: differs from checkpoint 1 (batch 1): model \(batch.modelSHA256),\(batch.challengerSHA256s[0]), signed \(batch.modelSHA256)"
                ])
    }

    @Test func eachTamperingIsNamed() throws {
        let key = try CheckpointTests.key()
        let log = try Self.log(3, key: key)
        let batches = (1...3).map(Self.batch)
        func problems(
            batches: [CheckpointAudit.Batch] = batches, stored: [SignedCheckpoint] = log,
            published: [SignedCheckpoint]? = log
        ) -> [String] {
            CheckpointAudit(keys: [key.publicKey], batches: batches, stored: stored, published: published).problems()
        }
        // A fourth batch without a checkpoint; then with one signed by another key.
        #expect(
            problems(batches: batches + [Self.batch(4)]) == [
                "batch 4: no signed checkpoint vouches for it (written behind FundChain's back, or built without a signing key)"
            ])
        let stranger = CheckpointSigningKey.generate()
        var forged = log
        let b4 = Self.batch(4)
        forged.append(
            try stranger.sign(
                Checkpoint(
                    sequence: 4, batchID: 4, asOf: b4.asOf, firmCount: b4.firmCount, merkleRoot: b4.merkleRoot,
                    previousHash: log[2].hash,
                    models: [b4.modelSHA256], time: "2025-04-02T00:00:00Z")))
        #expect(
            problems(batches: batches + [b4], stored: forged, published: nil) == [
                "checkpoint 4 (batch 4): signed by key \(stranger.publicKey.id), which is not one of the public keys given"
            ])
        // Claiming the right key id with a wrong signature.
        forged[3] = SignedCheckpoint(
            checkpoint: forged[3].checkpoint, keyID: key.publicKey.id, signature: forged[3].signature)
        #expect(
            problems(batches: batches + [b4], stored: forged, published: nil) == [
                "checkpoint 4 (batch 4): signature does not verify (forged or altered)"
            ])
        // A batch whose root differs from its signed checkpoint.
        var edited = batches
        edited[1].merkleRoot = String(repeating: "00", count: 32)
        #expect(
            problems(batches: edited) == [
                "batch 2: differs from checkpoint 2 (batch 2): Merkle root \(String(repeating: "00", count: 32)), signed \(batches[1].merkleRoot)"
            ])
        // The latest batch and its checkpoint deleted: only the published log shows it.
        #expect(problems(batches: Array(batches.prefix(2)), stored: Array(log.prefix(2)), published: nil) == [])
        #expect(
            problems(batches: Array(batches.prefix(2)), stored: Array(log.prefix(2))) == [
                "rollback: published checkpoint 3 (batch 3) is not in the database (its batch deleted?)"
            ])
        // A rewritten log (re-signed with the key, say by a thief of it): differs from the published one.
        var rewritten = Array(log.prefix(1))
        var c2 = log[1].checkpoint
        c2.time = "2025-05-01T00:00:00Z"
        rewritten.append(try key.sign(c2))
        var c3 = log[2].checkpoint
        c3.previousHash = rewritten[1].hash
        rewritten.append(try key.sign(c3))
        #expect(
            problems(stored: rewritten) == [
                "checkpoint 2 (batch 2): differs from the published one (the log was rewritten)",
                "checkpoint 3 (batch 3): differs from the published one (the log was rewritten)",
            ])
        // A middle checkpoint dropped from the database, and a broken link.
        #expect(
            problems(stored: [log[0], log[2]], published: nil) == [
                "checkpoint log jumps from 1 to 3: checkpoint 2 missing from the database",
                "batch 2: no signed checkpoint vouches for it (written behind FundChain's back, or built without a signing key)",
            ])
        let broken = [log[0], log[1], rewritten[2]]
        #expect(
            problems(stored: broken, published: nil) == [
                "checkpoint 3 (batch 3): previous_hash is not the hash of checkpoint 2 (the log was rewritten)"
            ])
        // Never published.
        #expect(
            problems(published: Array(log.prefix(2))) == ["checkpoint 3 (batch 3): not in the published checkpoints"])
    }
}
