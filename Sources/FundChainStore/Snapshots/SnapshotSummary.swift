import FundChainCore
import PostgresNIO

/// One line of `fundchain snapshot list`: a snapshot without its body.
public struct SnapshotSummary: Sendable, Equatable {
    public var id: Int64
    public var batchID: Int64
    public var uscc: String
    public var asOf: String
    public var score: Int
    public var pd: Double
    public var grade: String
    /// The batch's model: id and version (empty when its text is missing) and sha256.
    public var modelID: String
    public var modelVersion: String
    public var modelSHA256: String
    public var hash: String
}

extension SnapshotStore {
    /// Every snapshot, or a firm's, or a batch's (or both), in id order, streamed to `body`.
    /// - Complexity: O(rows), reading no bodies.
    public func forEachSummary(firm: String?, batch: Int64?, _ body: (SnapshotSummary) throws -> Void) async throws {
        let columns = """
            s.id, s.batch_id, s.uscc::text, s.as_of::text, s.score, s.pd, s.grade, coalesce(m.model_id, ''),
            coalesce(m.version, ''), b.model_sha256, s.hash FROM snapshots s
            JOIN snapshot_batches b ON b.id = s.batch_id LEFT JOIN scoring_models m ON m.sha256 = b.model_sha256
            """
        let query: PostgresQuery =
            switch (firm, batch) {
            case (let firm?, let batch?):
                "SELECT \(unescaped: columns) WHERE s.uscc = \(firm)::bpchar AND s.batch_id = \(batch) ORDER BY s.id"
            case (let firm?, nil): "SELECT \(unescaped: columns) WHERE s.uscc = \(firm)::bpchar ORDER BY s.id"
            case (nil, let batch?): "SELECT \(unescaped: columns) WHERE s.batch_id = \(batch) ORDER BY s.id"
            case (nil, nil): "SELECT \(unescaped: columns) ORDER BY s.id"
            }
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, batchID, uscc, asOf, score, pd, grade, modelID, version, sha, hash) in rows.decode(
            (Int64, Int64, String, String, Int, Double, String, String, String, String, String).self)
        {
            try body(
                SnapshotSummary(
                    id: id, batchID: batchID, uscc: uscc, asOf: asOf, score: score, pd: pd, grade: grade,
                    modelID: modelID,
                    modelVersion: version, modelSHA256: sha, hash: hash))
        }
    }
}
