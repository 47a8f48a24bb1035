import Foundation
import FundChainCore
import PostgresNIO

/// Reading batches, snapshots and model versions.
extension SnapshotStore {
    public func latestBatch() async throws -> SnapshotBatch? {
        try await batches("SELECT \(unescaped: Self.batchColumns) FROM snapshot_batches ORDER BY id DESC LIMIT 1").first
    }

    public func batch(id: Int64) async throws -> SnapshotBatch? {
        try await batches("SELECT \(unescaped: Self.batchColumns) FROM snapshot_batches WHERE id = \(id)").first
    }

    /// The snapshots of a batch, in id order (the order of its Merkle leaves).
    public func snapshots(batch: Int64) async throws -> [StoredSnapshot] {
        try await snapshots(
            "SELECT \(unescaped: Self.snapshotColumns) FROM \(unescaped: view.relation) WHERE batch_id = \(batch) ORDER BY id"
        )
    }

    /// Up to `limit` snapshots of a batch with ids above `afterID`, in id order: a batch read a
    /// page at a time (a 100k-firm batch is ~550 MB of bodies).
    public func snapshots(batch: Int64, after afterID: Int64, limit: Int) async throws -> [StoredSnapshot] {
        try await snapshots(
            """
            SELECT \(unescaped: Self.snapshotColumns) FROM \(unescaped: view.relation) WHERE batch_id = \(batch) AND id > \(afterID)
            ORDER BY id LIMIT \(limit)
            """)
    }

    public func snapshot(id: Int64) async throws -> StoredSnapshot? {
        try await snapshots(
            "SELECT \(unescaped: Self.snapshotColumns) FROM \(unescaped: view.relation) WHERE id = \(id)"
        ).first
    }

    /// A snapshot by id, if it is the firm's (naming the firm narrows the read to the firm's
    /// shard on Citus, where snapshots are distributed by firm).
    public func snapshot(id: Int64, firm: String) async throws -> StoredSnapshot? {
        try await snapshots(
            """
            SELECT \(unescaped: Self.snapshotColumns) FROM \(unescaped: view.relation)
            WHERE id = \(id) AND uscc = \(firm)::bpchar
            """
        ).first
    }

    /// The firm's most recent snapshot (the head of its chain).
    public func latestSnapshot(firm: String) async throws -> StoredSnapshot? {
        try await snapshots(
            """
            SELECT \(unescaped: Self.snapshotColumns) FROM \(unescaped: view.relation) WHERE uscc = \(firm)::bpchar
            ORDER BY id DESC LIMIT 1
            """
        ).first
    }

    /// Every snapshot of the firm, oldest first (its whole chain).
    public func chain(firm: String) async throws -> [StoredSnapshot] {
        try await snapshots(
            "SELECT \(unescaped: Self.snapshotColumns) FROM \(unescaped: view.relation) WHERE uscc = \(firm)::bpchar ORDER BY id"
        )
    }

    public func model(sha256: String) async throws -> SnapshotModel? {
        let rows = try await database.client.query(
            "SELECT model_id, version, sha256, body FROM scoring_models WHERE sha256 = \(sha256)",
            logger: database.logger)
        for try await (id, version, sha, body) in rows.decode((String, String, String, String).self) {
            return SnapshotModel(id: id, version: version, sha256: sha, body: body)
        }
        return nil
    }

    /// Score and PD of every firm in a batch, by USCC.
    public func scores(batch: Int64) async throws -> [String: SnapshotScore] {
        var scores: [String: SnapshotScore] = [:]
        let rows = try await database.client.query(
            "SELECT uscc::text, score, pd FROM snapshots WHERE batch_id = \(batch)", logger: database.logger)
        for try await (uscc, score, pd) in rows.decode((String, Int, Double).self) {
            scores[uscc] = SnapshotScore(score: score, pd: pd)
        }
        return scores
    }

    /// The columns `batches(_:)` decodes, in its order (for FundChainReportStore's queries too).
    package static let batchColumns =
        "id, as_of::text, window_months, model_sha256, firm_count, merkle_root, created_at, challenger_sha256s"
    static let snapshotColumns =
        "id, batch_id, uscc::text, as_of::text, score, pd, grade, input_fingerprint, body, prev_hash, hash"

    /// The batches `query` selects (its columns: `batchColumns`).
    package func batches(_ query: PostgresQuery) async throws -> [SnapshotBatch] {
        var out: [SnapshotBatch] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, asOf, window, model, count, root, created, challengers) in rows.decode(
            (Int64, String, Int, String, Int, String, Date, [String]).self)
        {
            out.append(
                SnapshotBatch(
                    id: id, asOf: try CalendarDate(parsing: asOf), windowMonths: window, modelSHA256: model,
                    firmCount: count, merkleRoot: root, createdAt: created, challengerSHA256s: challengers))
        }
        return out
    }

    func snapshots(_ query: PostgresQuery) async throws -> [StoredSnapshot] {
        var out: [StoredSnapshot] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, batch, uscc, asOf, score, pd, grade, fingerprint, body, prev, hash) in rows.decode(
            (Int64, Int64, String, String, Int, Double, String, String, String, String?, String).self)
        {
            out.append(
                StoredSnapshot(
                    id: id, batchID: batch, uscc: uscc, asOf: try CalendarDate(parsing: asOf), score: score, pd: pd,
                    grade: grade, inputFingerprint: fingerprint, body: Array(body.utf8), prevHash: prev, hash: hash))
        }
        return out
    }
}
