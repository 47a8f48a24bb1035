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
    /// The batch's entries in key order; their rows are in `buffer`, their keys in `keys`.
    let entries: [TransactionMerger.Entry]
    let keys: [UInt8]
    let firms: FirmIndex
    let buffer: ByteBuffer
    /// The months of `entries`, as dates ("2025-01-01").
    let months: [String]
    /// The flows of all `entries` (used when all of them are new).
    let aggregate: AggregateRows
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
        try await AggregateWriter.add(aggregate, lines: lines, connection: connection, logger: logger)
        logger.debug(
            "merged batch",
            metadata: [
                "fundchain.rows": "\(entries.count)", "fundchain.new": "\(loaded)",
                "fundchain.fast_path": "\(fastPath)",
                "fundchain.copy_s": "\(copied - started)", "fundchain.aggregate_s": "\(ContinuousClock.now - copied)",
                "fundchain.edges": "\(aggregate.payers.count)",
            ])
        return MergeOutcome(loaded: loaded, duplicate: entries.count - loaded + inBatchDuplicates)
    }

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
