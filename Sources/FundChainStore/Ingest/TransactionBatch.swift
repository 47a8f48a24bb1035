import FundChainCore
import Logging
import PostgresNIO

/// One batch of statement entries, encoded and aggregated on the client, merged into
/// `transactions`, `flow_edges` and `firm_month` inside the caller's transaction, so that the
/// aggregates always match the entries present.
///
/// Fast path: the batch is copied straight into `transactions` (one pass on the server). If an
/// entry is already there the copy fails on the unique key; the batch then rolls back to a
/// savepoint and goes through a staging table and `INSERT … ON CONFLICT DO NOTHING RETURNING`,
/// and only the entries that were new are aggregated.
struct TransactionBatch: MergeBatch {
    let ticket: AggregateTicket
    /// The batch's entries in key order; their rows are in `buffer`, their keys in `keys`.
    let entries: [TransactionMerger.Entry]
    let keys: [UInt8]
    let firms: FirmIndex
    let buffer: ByteBuffer
    /// The months of `entries`, as dates ("2025-01-01").
    let months: [String]
    /// The flows of all `entries` (used when all of them are new).
    let aggregate: AggregateRows
    /// The run's: whether rows new to it go in with plain INSERTs.
    let plain: PlainInserts
    let inBatchDuplicates: Int

    func prepare(database: Database) async throws {
        guard !entries.isEmpty else { return }
        try await database.client.query(
            "SELECT ensure_transactions_partition(m) FROM unnest(\(months)::date[]) AS m", logger: database.logger)
    }

    func merge(connection: PostgresConnection, logger: Logger) async throws -> MergeOutcome {
        guard !entries.isEmpty else { return MergeOutcome(loaded: 0, duplicate: inBatchDuplicates) }
        let started = ContinuousClock.now
        var aggregate = self.aggregate
        var loaded = entries.count
        var fastPath = true
        try await connection.query("SAVEPOINT fundchain_batch", logger: logger)
        do {
            try await copy(
                buffer, into: "transactions", columns: TransactionMerger.columns, connection: connection, logger: logger
            )
            try await connection.query("RELEASE SAVEPOINT fundchain_batch", logger: logger)
        } catch let error where Database.isUniqueViolation(error) {
            try await connection.query("ROLLBACK TO SAVEPOINT fundchain_batch", logger: logger)
            fastPath = false
            let fresh = try await insertNew(connection: connection, logger: logger)
            aggregate = AggregateRows(try TransactionMerger.aggregate(fresh, firms: firms), firms: firms)
            loaded = fresh.count
        }
        let copied = ContinuousClock.now
        try await ticket.waitForPrevious(connection: connection, logger: logger)
        let locked = ContinuousClock.now
        try await AggregateWriter.add(aggregate, plain: plain, lines: lines, connection: connection, logger: logger)
        logger.debug(
            "merged batch",
            metadata: [
                "fundchain.rows": "\(entries.count)", "fundchain.new": "\(loaded)",
                "fundchain.fast_path": "\(fastPath)",
                "fundchain.copy_s": "\(copied - started)", "fundchain.lock_wait_s": "\(locked - copied)",
                "fundchain.aggregate_s": "\(ContinuousClock.now - locked)",
                "fundchain.edges": "\(aggregate.edges.payers.count)", "fundchain.plain": "\(plain.isOn)",
            ])
        return MergeOutcome(loaded: loaded, duplicate: entries.count - loaded + inBatchDuplicates)
    }

    func begin(connection: PostgresConnection, logger: Logger) async throws {
        try await ticket.take(connection: connection, logger: logger)
    }

    /// Upserts only from here on: the plain inserts of rows new to the run are what can meet
    /// another ingest's rows out of key order.
    func willRetryAfterDeadlock() { plain.stop() }

    /// The first and last line of the batch's entries in their file, for errors.
    var lines: ClosedRange<Int> {
        let all = entries.map(\.line)
        return (all.min() ?? 0)...(all.max() ?? 0)
    }

    /// Inserts the entries not yet present through a staging table; returns them.
    func insertNew(connection: PostgresConnection, logger: Logger) async throws -> [TransactionMerger.Entry] {
        let inserted = try await mergeThroughStaging(
            buffer, table: "transactions", columns: TransactionMerger.columns, returning: "bank_code, txn_ref",
            connection: connection, logger: logger)
        guard inserted.count != entries.count else { return entries }
        var new = Set<[UInt8]>()
        for row in inserted {
            let (bank, ref) = try row.decode((String, String).self)
            var key: [UInt8] = []
            TransactionMerger.appendKey(bank: bank.utf8, ref: ref.utf8, to: &key)
            new.insert(key)
        }
        return entries.filter { new.contains(Array(keys[$0.key])) }
    }
}

/// Orders a run's batches as they add their aggregates: each batch holds its ticket (a
/// transaction advisory lock) from the start of its transaction, and waits for the ticket of the
/// batch read before it, that is for that batch's commit, before adding its own. So the batch
/// before has written its rows: the rows this run has not written (`WrittenKeys`) really are new
/// to it, and this batch's upserts never wait on rows the other inserted while it waits on rows
/// this one holds (a deadlock). The two batches' COPYs still overlap, and the waits are
/// PostgreSQL's, so any cycle through them is one it detects.
///
/// A batch takes its ticket before the next batch starts (`RunState.stream`), so the next one
/// cannot take it first.
struct AggregateTicket: Sendable {
    let run: Int64
    /// Its place in the run, from 0.
    let batch: Int

    /// One bigint key per (run, batch): "FA", the run's low 32 bits, the batch's low 16 bits
    /// (only two batches of a run are ever in flight). Other locks of FundChain use the two-key
    /// form (`IngestRunStore`) or other prefixes.
    static func key(run: Int64, batch: Int) -> Int64 {
        0x4641 << 48 | Int64(UInt32(truncatingIfNeeded: run)) << 16 | Int64(batch & 0xFFFF)
    }

    func take(connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.key(run: run, batch: batch)))", logger: logger)
    }

    func waitForPrevious(connection: PostgresConnection, logger: Logger) async throws {
        guard batch > 0 else { return }
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(Self.key(run: run, batch: batch - 1)))", logger: logger)
    }
}
