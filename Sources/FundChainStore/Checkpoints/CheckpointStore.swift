import FundChainCore
import Logging
import PostgresNIO

/// The `checkpoints` table (schema.sql): each signed checkpoint a build wrote, in sequence.
public struct CheckpointStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Every stored checkpoint by sequence, and a problem for each row that is not a well-formed
    /// checkpoint (or whose columns disagree with its body).
    public func all() async throws -> (checkpoints: [SignedCheckpoint], problems: [String]) {
        try await read("SELECT \(unescaped: Self.columns) FROM checkpoints ORDER BY sequence")
    }

    /// Stored checkpoints with a sequence above `after`, by sequence (rows that are not
    /// well-formed are left out).
    public func checkpoints(after: Int64) async throws -> [SignedCheckpoint] {
        try await read("SELECT \(unescaped: Self.columns) FROM checkpoints WHERE sequence > \(after) ORDER BY sequence")
            .checkpoints
    }

    /// The checkpoint that vouches for `batch`; `nil` when there is none. Throws `corruptData`
    /// when its row is not a well-formed checkpoint.
    public func checkpoint(batch: Int64) async throws -> SignedCheckpoint? {
        let (rows, problems) = try await read(
            "SELECT \(unescaped: Self.columns) FROM checkpoints WHERE batch_id = \(batch)")
        if let problem = problems.first { throw StoreError(.corruptData, problem) }
        return rows.first
    }

    static let columns = "sequence, batch_id, body, hash, key_id, signature"

    func read(_ query: PostgresQuery) async throws -> (checkpoints: [SignedCheckpoint], problems: [String]) {
        var out: [SignedCheckpoint] = []
        var problems: [String] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (sequence, batch, body, hash, keyID, signature) in rows.decode(
            (Int64, Int64, String, String, String, String).self)
        {
            do {
                let signed = try SignedCheckpoint(body: Array(body.utf8), keyID: keyID, signature: signature)
                let c = signed.checkpoint
                if c.sequence != sequence || c.batchID != batch || signed.hash != hash {
                    problems.append(
                        "checkpoint \(sequence) (batch \(batch)): sequence, batch_id or hash column differs from its body"
                    )
                }
                out.append(signed)
            } catch {
                problems.append("checkpoint \(sequence) (batch \(batch)): body is not a checkpoint: \(error)")
            }
        }
        return (out, problems)
    }

    /// The latest checkpoint, read inside the batch writer's transaction.
    static func latest(connection: PostgresConnection, logger: Logger) async throws -> SignedCheckpoint? {
        let rows = try await connection.query(
            "SELECT body, key_id, signature FROM checkpoints ORDER BY sequence DESC LIMIT 1", logger: logger)
        for try await (body, keyID, signature) in rows.decode((String, String, String).self) {
            do {
                return try SignedCheckpoint(body: Array(body.utf8), keyID: keyID, signature: signature)
            } catch {
                throw StoreError(
                    .corruptData,
                    "the latest checkpoint is not well-formed (\(error)): run `fundchain snapshot verify --public-key`")
            }
        }
        return nil
    }

    static func insert(_ signed: SignedCheckpoint, connection: PostgresConnection, logger: Logger) async throws {
        let c = signed.checkpoint
        try await connection.query(
            """
            INSERT INTO checkpoints (sequence, batch_id, body, hash, key_id, signature)
            VALUES (\(c.sequence), \(c.batchID), \(String(decoding: signed.body, as: UTF8.self)), \(signed.hash),
                    \(signed.keyID), \(signed.signature))
            """, logger: logger)
    }
}
