import FundChainCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Writes and reads the append-only snapshot tables (`scoring_models`, `snapshot_batches`,
/// `snapshots`; docs/snapshots.md).
public struct SnapshotStore: Sendable {
    public let database: Database

    /// The channel a committed batch is announced on; the payload is the batch id in decimal.
    public static let channel = "fundchain_snapshots"

    /// `pg_advisory_xact_lock` key serialising batch writers ("fundsnap" in ASCII).
    static let lockKey: Int64 = 0x66756E64_736E6170

    public init(database: Database) { self.database = database }

    /// Stores one build's snapshots as a new batch, in one transaction: takes the writers'
    /// advisory lock (so concurrent builds cannot fork a firm's chain), stores the model version
    /// if new, allocates the next batch id and snapshot ids (in draft order), reads each firm's
    /// latest hash, chains the drafts to them (`SnapshotHash`), COPYs the rows, inserts the batch
    /// row with the Merkle root over the new hashes in draft order, and NOTIFYs `channel`.
    ///
    /// Each firm appears at most once per batch. The caller passes drafts sorted by USCC.
    /// - Complexity: O(n) in the drafts' total size, plus one index probe per firm.
    public func writeBatch(asOf: CalendarDate, windowMonths: Int, model: SnapshotModel, drafts: [SnapshotDraft])
        async throws -> SnapshotBatch
    {
        try Self.validate(windowMonths: windowMonths, model: model, drafts: drafts)
        let logger = database.logger
        do {
            return try await database.client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO scoring_models (sha256, model_id, version, body)
                    VALUES (\(model.sha256), \(model.id), \(model.version), \(model.body))
                    ON CONFLICT (sha256) DO NOTHING
                    """, logger: logger)
                let batchID = try await connection.query("SELECT coalesce(max(id), 0) + 1 FROM snapshot_batches", logger: logger)
                    .collect().first!.decode(Int64.self)
                let firstID = try await connection.query("SELECT coalesce(max(id), 0) + 1 FROM snapshots", logger: logger)
                    .collect().first!.decode(Int64.self)
                let previous = try await Self.latestHashes(of: drafts.map(\.uscc), connection: connection, logger: logger)
                let chain = SnapshotChain(drafts: drafts, previous: previous)
                try await connection.copyFrom(table: "snapshots", columns: Self.columns, logger: logger) { writer in
                    try await Self.writeRows(drafts, chain: chain, batchID: batchID, firstID: firstID, asOf: asOf, to: writer)
                }
                let createdAt = try await connection.query(
                    """
                    INSERT INTO snapshot_batches (id, as_of, window_months, model_sha256, firm_count, merkle_root)
                    VALUES (\(batchID), \(asOf.description)::date, \(windowMonths), \(model.sha256), \(drafts.count), \(chain.merkleRoot))
                    RETURNING created_at
                    """, logger: logger
                ).collect().first!.decode(Date.self)
                try await connection.query("SELECT pg_notify(\(Self.channel), \(String(batchID)))", logger: logger)
                return SnapshotBatch(
                    id: batchID, asOf: asOf, windowMonths: windowMonths, modelSHA256: model.sha256,
                    firmCount: drafts.count, merkleRoot: chain.merkleRoot, createdAt: createdAt)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.snapshotFailed, "writing the snapshot batch failed: \(Database.describe(error))")
        }
    }

    static let columns = [
        "id", "batch_id", "uscc", "as_of", "score", "pd", "grade", "input_fingerprint", "body", "prev_hash", "hash",
    ]

    static func validate(windowMonths: Int, model: SnapshotModel, drafts: [SnapshotDraft]) throws {
        guard windowMonths > 0 else { throw StoreError(.invalidInput, "window months must be positive, not \(windowMonths)") }
        guard !model.id.isEmpty, !model.version.isEmpty else {
            throw StoreError(.invalidInput, "the scoring model needs an id and a version")
        }
        guard SnapshotModel.sha256(of: model.body) == model.sha256 else {
            throw StoreError(.invalidInput, "scoring model \(model.id) \(model.version): sha256 does not match its body")
        }
        var seen = Set<String>(minimumCapacity: drafts.count)
        for (n, draft) in drafts.enumerated() {
            guard draft.uscc.utf8.count == 18, draft.uscc.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw StoreError(.invalidInput, "snapshot draft \(n): '\(draft.uscc)' is not an 18-character USCC")
            }
            guard seen.insert(draft.uscc).inserted else {
                throw StoreError(.invalidInput, "snapshot draft \(n): firm \(draft.uscc) appears twice in the batch")
            }
            guard draft.pd.isFinite else { throw StoreError(.invalidInput, "snapshot draft \(n) (\(draft.uscc)): pd is not finite") }
            // (Encoding is PostgreSQL's to check: invalid UTF-8 or a NUL byte fails the COPY.)
            guard !draft.body.isEmpty else { throw StoreError(.invalidInput, "snapshot draft \(n) (\(draft.uscc)): empty body") }
        }
    }

    /// The latest hash of each of `firms` that has a snapshot.
    static func latestHashes(of firms: [String], connection: PostgresConnection, logger: Logger) async throws
        -> [String: String]
    {
        var hashes: [String: String] = [:]
        guard !firms.isEmpty else { return hashes }
        let rows = try await connection.query(
            """
            SELECT u.uscc::text, s.hash FROM unnest(\(firms)::bpchar[]) AS u (uscc)
            CROSS JOIN LATERAL (SELECT hash FROM snapshots WHERE snapshots.uscc = u.uscc ORDER BY id DESC LIMIT 1) s
            """, logger: logger)
        for try await (uscc, hash) in rows.decode((String, String).self) { hashes[uscc] = hash }
        return hashes
    }

    /// Streams the rows in COPY text format, ~1 MiB per message.
    static func writeRows(
        _ drafts: [SnapshotDraft], chain: SnapshotChain, batchID: Int64, firstID: Int64, asOf: CalendarDate,
        to writer: PostgresCopyFromWriter
    ) async throws {
        let asOfText = asOf.description
        var rows = CopyTextWriter(capacity: 1 << 21)
        for (n, draft) in drafts.enumerated() {
            rows.integer(firstID + Int64(n))
            rows.integer(batchID)
            rows.text(draft.uscc)
            rows.text(asOfText)
            rows.integer(draft.score)
            rows.double(draft.pd)
            rows.text(draft.grade)
            rows.text(draft.inputFingerprint)
            rows.utf8(draft.body)
            rows.text(chain.previous[n])
            rows.text(chain.hashes[n])
            rows.endRow()
            if rows.buffer.readableBytes >= 1 << 20 {
                try await writer.write(rows.buffer)
                rows.buffer.clear()
            }
        }
        if rows.buffer.readableBytes > 0 { try await writer.write(rows.buffer) }
    }
}
