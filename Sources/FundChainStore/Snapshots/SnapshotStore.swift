import Foundation
import FundChainCore
import Logging
import NIOCore
import PostgresNIO

/// Writes and reads the append-only snapshot tables (`scoring_models`, `snapshot_batches`,
/// `snapshots`; docs/snapshots.md).
public struct SnapshotStore: Sendable {
    public let database: Database
    /// Which snapshots the reads below see.
    public let view: View

    /// Which snapshots a store's reads see.
    public enum View: Sendable {
        /// Every batch's (the `snapshots` table): building, verifying, reports, audits.
        case history
        /// The latest batch's only (the `served_snapshots` view): all the scoring service may
        /// read (docs/security.md, "Roles"). A read of an earlier batch finds nothing.
        case served

        var relation: String {
            switch self {
            case .history: "snapshots"
            case .served: "served_snapshots"
            }
        }
    }

    /// The channel a committed batch is announced on; the payload is the batch id in decimal.
    public static let channel = "fundchain_snapshots"

    /// `pg_advisory_xact_lock` key serialising batch writers ("fundsnap" in ASCII).
    static let lockKey: Int64 = 0x66756E64_736E6170

    public init(database: Database, view: View = .history) {
        self.database = database
        self.view = view
    }

    /// Stores one build's snapshots as a new batch (`writeBatch(asOf:windowMonths:model:firms:chunk:drafts:)`
    /// with the drafts at hand).
    public func writeBatch(asOf: CalendarDate, windowMonths: Int, model: SnapshotModel, drafts: [SnapshotDraft])
        async throws -> SnapshotBatch
    {
        try await writeBatch(asOf: asOf, windowMonths: windowMonths, model: model, firms: drafts.map(\.uscc)) { range in
            Array(drafts[range])
        }
    }

    /// Stores one build's snapshots as a new batch, in one transaction: takes the writers'
    /// advisory lock (so concurrent builds cannot fork a firm's chain), stores the model version
    /// if new, allocates the next batch id and snapshot ids (in firm order), reads each firm's
    /// latest hash, chains the drafts to them (`SnapshotHash`), COPYs the rows, inserts the batch
    /// row with the Merkle root over the new hashes in firm order, and NOTIFYs `channel`.
    ///
    /// The drafts are asked for `chunk` firms at a time, the next chunk while the previous one is
    /// being sent, so that making the bodies overlaps with the server storing them and a batch
    /// never holds more than two chunks of bodies in memory.
    ///
    /// - Parameters:
    ///   - firms: the batch's firms (USCCs), each at most once, sorted.
    ///   - drafts: the drafts of `firms[range]`, in that order.
    /// - Complexity: O(n) in the drafts' total size, plus one index probe per firm.
    ///   - signer: when given, the batch's checkpoint is signed and stored in the same transaction
    ///     (chained to the previous one), then published to `signer.directory` after the commit
    ///     (`signCheckpoint`, `publishCheckpoints`).
    ///   - challengers: the models that scored the firms beside the champion, in the order the
    ///     bodies list them; stored like the champion and named on the batch row.
    public func writeBatch(
        asOf: CalendarDate, windowMonths: Int, model: SnapshotModel, challengers: [SnapshotModel] = [], firms: [String],
        chunk: Int = 4_096, signer: CheckpointSigner? = nil,
        drafts: @escaping @Sendable (Range<Int>) throws -> [SnapshotDraft]
    ) async throws -> SnapshotBatch {
        try Self.validate(windowMonths: windowMonths, model: model, firms: firms)
        try Self.validate(challengers: challengers, champion: model)
        let logger = database.logger
        do {
            let batch = try await database.client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
                // Looked up first rather than `ON CONFLICT DO NOTHING`: on Citus an upsert of a
                // reference table needs UPDATE on it, which the build group does not hold. The
                // advisory lock keeps other builds (the only writers) out in between.
                for model in [model] + challengers {
                    let known = try await connection.query(
                        "SELECT 1 FROM scoring_models WHERE sha256 = \(model.sha256)", logger: logger
                    ).collect()
                    guard known.isEmpty else { continue }
                    try await connection.query(
                        """
                        INSERT INTO scoring_models (sha256, model_id, version, body)
                        VALUES (\(model.sha256), \(model.id), \(model.version), \(model.body))
                        """, logger: logger)
                }
                let batchID = try await connection.query(
                    "SELECT coalesce(max(id), 0) + 1 FROM snapshot_batches", logger: logger
                )
                .collect().first!.decode(Int64.self)
                let firstID = try await connection.query(
                    "SELECT coalesce(max(id), 0) + 1 FROM snapshots", logger: logger
                )
                .collect().first!.decode(Int64.self)
                let clock = ContinuousClock()
                let t0 = clock.now
                let latest = try await Self.latestHashes(of: firms, connection: connection, logger: logger)
                let t1 = clock.now
                let rows = SnapshotRows(
                    firms: firms, latest: latest, batchID: batchID, firstID: firstID, asOf: asOf, chunk: chunk,
                    drafts: drafts)
                var leaves: [[UInt8]] = []
                var waited = Duration.zero
                try await connection.copyFrom(table: "snapshots", columns: Self.columns, logger: logger) { writer in
                    (leaves, waited) = try await rows.write(to: writer)
                }
                let t2 = clock.now
                let merkleRoot = Hex.encode(MerkleTree(leaves: leaves).root)
                logger.debug(
                    "snapshot batch written",
                    metadata: [
                        "fundchain.batch": "\(batchID)", "fundchain.snapshots": "\(firms.count)",
                        "fundchain.previous_lookup": "\(t1 - t0)", "fundchain.bodies_hash_and_copy": "\(t2 - t1)",
                        "fundchain.waited_for_drafts": "\(waited)",
                        "fundchain.merkle": "\(clock.now - t2)",
                    ])
                // The batch's time is the transaction's (now(), created_at's default), read first:
                // Citus takes no RETURNING expression but the columns on a reference table.
                let (createdAt, time) = try await connection.query(
                    "SELECT now(), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", logger: logger
                ).collect().first!.decode((Date, String).self)
                try await connection.query(
                    """
                    INSERT INTO snapshot_batches (id, as_of, window_months, model_sha256, firm_count, merkle_root, challenger_sha256s,
                                                  created_at)
                    VALUES (\(batchID), \(asOf.description)::date, \(windowMonths), \(model.sha256), \(firms.count), \(merkleRoot),
                            \(challengers.map(\.sha256))::text[], \(createdAt))
                    """, logger: logger)
                let written = SnapshotBatch(
                    id: batchID, asOf: asOf, windowMonths: windowMonths, modelSHA256: model.sha256,
                    firmCount: firms.count, merkleRoot: merkleRoot, createdAt: createdAt,
                    challengerSHA256s: challengers.map(\.sha256))
                if let signer {
                    try await Self.signCheckpoint(
                        written, time: time, signer: signer, connection: connection, logger: logger)
                }
                try await connection.query("SELECT pg_notify(\(Self.channel), \(String(batchID)))", logger: logger)
                return written
            }
            if let directory = signer?.directory { try await publishCheckpoints(to: directory) }
            return batch
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.snapshotFailed, "writing the snapshot batch failed: \(Database.describe(error))")
        }
    }

    static let columns = [
        "id", "batch_id", "uscc", "as_of", "score", "pd", "grade", "input_fingerprint", "body", "prev_hash", "hash",
    ]

    static func validate(windowMonths: Int, model: SnapshotModel, firms: [String]) throws {
        guard windowMonths > 0 else {
            throw StoreError(.invalidInput, "window months must be positive, not \(windowMonths)")
        }
        guard !model.id.isEmpty, !model.version.isEmpty else {
            throw StoreError(.invalidInput, "the scoring model needs an id and a version")
        }
        guard SnapshotModel.sha256(of: model.body) == model.sha256 else {
            throw StoreError(
                .invalidInput, "scoring model \(model.id) \(model.version): sha256 does not match its body")
        }
        var seen = Set<String>(minimumCapacity: firms.count)
        for (n, uscc) in firms.enumerated() {
            guard uscc.utf8.count == 18, uscc.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw StoreError(.invalidInput, "snapshot draft \(n): '\(uscc)' is not an 18-character USCC")
            }
            guard seen.insert(uscc).inserted else {
                throw StoreError(.invalidInput, "snapshot draft \(n): firm \(uscc) appears twice in the batch")
            }
        }
    }

    /// Challengers: each a valid model version, none the champion, none twice.
    static func validate(challengers: [SnapshotModel], champion: SnapshotModel) throws {
        var seen: Set = [champion.sha256]
        for challenger in challengers {
            try validate(windowMonths: 1, model: challenger, firms: [])
            guard seen.insert(challenger.sha256).inserted else {
                throw StoreError(
                    .invalidInput,
                    "challenger \(challenger.id) \(challenger.version) is the champion or another challenger (sha256 \(challenger.sha256))"
                )
            }
        }
    }

    /// Checks draft `n` against the batch's firm list.
    static func validate(_ draft: SnapshotDraft, _ n: Int, firm: String) throws {
        guard draft.uscc == firm else {
            throw StoreError(.invalidInput, "snapshot draft \(n) is for \(draft.uscc), where the batch lists \(firm)")
        }
        guard draft.pd.isFinite else {
            throw StoreError(.invalidInput, "snapshot draft \(n) (\(draft.uscc)): pd is not finite")
        }
        // (Encoding is PostgreSQL's to check: invalid UTF-8 or a NUL byte fails the COPY.)
        guard !draft.body.isEmpty else {
            throw StoreError(.invalidInput, "snapshot draft \(n) (\(draft.uscc)): empty body")
        }
    }

    /// The latest hash of each of `firms` that has a snapshot.
    ///
    /// A firm of the latest batch has its latest snapshot there: one index range on `batch_id`
    /// finds those. Only the others (new firms, or firms the latest batch left out) are looked up
    /// one by one, through the `(uscc, id)` key. Both statements run shard by shard on Citus,
    /// where a lateral `LIMIT 1` per element of an array cannot.
    static func latestHashes(of firms: [String], connection: PostgresConnection, logger: Logger) async throws
        -> [String: String]
    {
        var hashes: [String: String] = [:]
        let batch = try await connection.query("SELECT max(id) FROM snapshot_batches", logger: logger)
            .collect().first?.decode(Int64?.self)
        // No batch yet: no firm has a snapshot (every batch has at least one).
        guard !firms.isEmpty, let batch else { return hashes }
        let wanted = Set(firms)
        let latest = try await connection.query(
            "SELECT uscc::text, hash FROM snapshots WHERE batch_id = \(batch)", logger: logger)
        for try await (uscc, hash) in latest.decode((String, String).self) where wanted.contains(uscc) {
            hashes[uscc] = hash
        }
        let others = firms.filter { hashes[$0] == nil }
        guard !others.isEmpty else { return hashes }
        let earlier = try await connection.query(
            """
            SELECT DISTINCT ON (uscc) uscc::text, hash FROM snapshots WHERE uscc = ANY(\(others)::bpchar[])
            ORDER BY uscc, id DESC
            """, logger: logger)
        for try await (uscc, hash) in earlier.decode((String, String).self) { hashes[uscc] = hash }
        return hashes
    }
}
