import FundChainCore
import PostgresNIO

extension SnapshotStore {
    /// Re-checks a stored batch from its rows alone: every snapshot's hash recomputed from its
    /// body and `prev_hash`; every `prev_hash` equal to the hash of the firm's previous snapshot
    /// (NULL for its first); the batch's firm count and Merkle root recomputed; its model version
    /// present with a body that still has its sha256. Throws `notFound` for an unknown batch.
    /// - Complexity: O(batch size) plus one index probe per snapshot.
    public func verify(batch id: Int64) async throws -> SnapshotAudit {
        guard let batch = try await batch(id: id) else { throw StoreError(.notFound, "no snapshot batch \(id)") }
        let rows = try await snapshots(batch: id)
        var problems: [String] = []
        var predecessor: [Int64: String] = [:]
        let links = try await database.client.query(
            """
            SELECT s.id, p.hash FROM snapshots s
            LEFT JOIN LATERAL (SELECT q.hash FROM snapshots q WHERE q.uscc = s.uscc AND q.id < s.id
                               ORDER BY q.id DESC LIMIT 1) p ON true
            WHERE s.batch_id = \(id)
            """, logger: database.logger)
        for try await (snapshot, hash) in links.decode((Int64, String?).self) {
            if let hash { predecessor[snapshot] = hash }
        }
        var leaves: [[UInt8]] = []
        leaves.reserveCapacity(rows.count)
        for row in rows {
            let digest = SnapshotHash.digest(previous: row.prevHash, body: row.body)
            if Hex.encode(digest) != row.hash {
                problems.append("snapshot \(row.id) (\(row.uscc)): hash does not match its body and prev_hash")
            }
            if row.prevHash != predecessor[row.id] {
                problems.append("snapshot \(row.id) (\(row.uscc)): prev_hash is not the hash of the firm's previous snapshot")
            }
            leaves.append(Hex.decode(row.hash) ?? [])
        }
        if rows.count != batch.firmCount {
            problems.append("batch \(id): \(rows.count) snapshots stored, \(batch.firmCount) recorded")
        }
        if Hex.encode(MerkleTree(leaves: leaves).root) != batch.merkleRoot {
            problems.append("batch \(id): Merkle root does not match its snapshots")
        }
        if let model = try await model(sha256: batch.modelSHA256) {
            if SnapshotModel.sha256(of: model.body) != model.sha256 {
                problems.append("model \(model.id) \(model.version): body does not match its sha256")
            }
        } else {
            problems.append("batch \(id): model version \(batch.modelSHA256) is missing")
        }
        return SnapshotAudit(batchID: id, checked: rows.count, problems: problems)
    }
}
