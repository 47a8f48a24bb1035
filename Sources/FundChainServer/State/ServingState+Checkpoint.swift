import FundChainCore
import FundChainStore

/// Loading only what a signed checkpoint vouches for (`serve --public-key`, docs/security.md
/// "Signed checkpoints").
extension ServingState {
    /// Why a batch is not served: its checkpoint is missing, not validly signed, or does not
    /// match the batch's rows. Safe to log (no keys, no account numbers).
    struct RefusedError: Error, Sendable, CustomStringConvertible {
        var batchID: Int64
        var reason: String
        var description: String { "batch \(batchID): \(reason)" }
    }

    /// The checkpoint of `batch`, signed by one of `keys` and agreeing with the batch's row;
    /// throws `Refused` otherwise.
    static func verifiedCheckpoint(of batch: SnapshotBatch, keys: [CheckpointPublicKey], from database: Database)
        async throws -> Checkpoint
    {
        let signed: SignedCheckpoint?
        do {
            signed = try await CheckpointStore(database: database).checkpoint(batch: batch.id)
        } catch let error as StoreError where error.code == .corruptData {
            throw RefusedError(batchID: batch.id, reason: error.message)
        }
        guard let signed else { throw RefusedError(batchID: batch.id, reason: "no signed checkpoint vouches for it") }
        let c = signed.checkpoint
        guard signed.isSigned(byOneOf: keys) else {
            throw RefusedError(
                batchID: batch.id,
                reason: "checkpoint \(c.sequence) is not validly signed by the public key (key id \(signed.keyID))")
        }
        guard c.firmCount == batch.firmCount, c.merkleRoot == batch.merkleRoot, c.asOf == batch.asOf.description,
            c.models == batch.models
        else {
            throw RefusedError(
                batchID: batch.id,
                reason: "its row differs from signed checkpoint \(c.sequence) (count, root, as-of or model)")
        }
        return c
    }

    /// The snapshot's hash recomputed from its body and `prev_hash` (the Merkle leaf), after
    /// checking it equals the stored hash and that the served columns equal the body's values.
    static func leaf(_ parsed: Parsed) throws -> [UInt8] {
        let s = parsed.snapshot
        let digest = SnapshotHash.digest(previous: s.prevHash, body: s.body)
        guard Hex.encode(digest) == s.hash else {
            throw RefusedError(
                batchID: s.batchID, reason: "snapshot \(s.id): hash does not match its body and prev_hash")
        }
        guard parsed.columnsAgree else {
            throw RefusedError(
                batchID: s.batchID, reason: "snapshot \(s.id): uscc, score, pd or grade column differs from its body")
        }
        return digest
    }

    /// The Merkle root and count of the leaves read against the checkpoint.
    static func check(leaves: [[UInt8]], batch: SnapshotBatch, against checkpoint: Checkpoint) throws {
        guard leaves.count == checkpoint.firmCount else {
            throw RefusedError(
                batchID: batch.id,
                reason:
                    "\(leaves.count) snapshots stored, checkpoint \(checkpoint.sequence) signed \(checkpoint.firmCount)"
            )
        }
        guard Hex.encode(MerkleTree(leaves: leaves).root) == checkpoint.merkleRoot else {
            throw RefusedError(
                batchID: batch.id,
                reason: "Merkle root of its snapshots is not the one checkpoint \(checkpoint.sequence) signed")
        }
    }
}
