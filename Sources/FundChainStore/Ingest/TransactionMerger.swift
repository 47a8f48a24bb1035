import FundChainCore
import FundChainIngest
import Logging
import PostgresNIO

/// Statement entries: merged into the month-partitioned `transactions` table, deduplicated on
/// (bank_code, txn_ref), with the new rows' flows added to `flow_edges` and `firm_month` in the
/// same transaction, so the aggregates always match the entries.
///
/// Each batch is copied into a temporary staging table and inserted with `INSERT … ON CONFLICT
/// DO NOTHING RETURNING`; only the rows that were new are aggregated.
struct TransactionMerger: BatchMerger {
    static let columns = [
        "firm", "bank_code", "account_no", "txn_ref", "booked_at", "direction", "amount", "currency",
        "counterparty_account", "counterparty_name", "counterparty_bank", "counterparty_firm", "purpose", "run_id",
    ]

    struct Row {
        var entry: StatementEntry
        var firm: USCC
        var counterpartyFirm: USCC?
    }

    let runID: Int64
    let directory: AccountDirectory
    var validator: TransactionRowValidator?
    var batch: [Row] = []
    /// Keys in the current batch, to count repeats within it as duplicates.
    var batchKeys: Set<EntryKey> = []
    var inBatchDuplicates = 0
    /// Months whose partition is known to exist.
    var partitions: Set<Int> = []

    struct EntryKey: Hashable {
        var bank: String
        var ref: String
    }

    init(runID: Int64, directory: AccountDirectory) {
        self.runID = runID
        self.directory = directory
    }

    mutating func start(header: borrowing CSVRow, file: String) throws(IngestError) -> [String] {
        let v = try TransactionRowValidator(header: header, file: file, directory: directory)
        validator = v
        return v.header.ignored
    }

    mutating func consume(_ row: borrowing CSVRow) -> RowReject? {
        switch validator!.validate(row) {
        case .success(let valid):
            consume(validated: valid)
            return nil
        case .failure(let reject):
            return reject
        }
    }

    /// Keeps an entry validated elsewhere (a CSV row, a statement line) for the next merge.
    mutating func consume(validated valid: ValidatedEntry) {
        let e = valid.entry
        if batchKeys.insert(EntryKey(bank: e.bankCode, ref: e.txnRef)).inserted {
            let cp = directory.counterpartyFirm(bank: e.counterpartyBank, number: e.counterpartyAccount)
            batch.append(Row(entry: e, firm: valid.firm, counterpartyFirm: cp))
        } else {
            inBatchDuplicates += 1
        }
    }

    mutating func discard() {
        batch.removeAll(keepingCapacity: true)
        batchKeys.removeAll(keepingCapacity: true)
        inBatchDuplicates = 0
    }

    mutating func merge(connection: PostgresConnection, logger: Logger) async throws -> MergeOutcome {
        defer { discard() }
        guard !batch.isEmpty else { return MergeOutcome(loaded: 0, duplicate: inBatchDuplicates) }
        for month in Set(batch.map { $0.entry.bookedOn.monthIndex }).subtracting(partitions).sorted() {
            try await connection.query(
                "SELECT ensure_transactions_partition(\(CalendarDate(monthIndex: month).description)::date)", logger: logger)
            partitions.insert(month)
        }
        let started = ContinuousClock.now
        let buffer = encode()
        // Copy into a staging table, then insert what is new. (A COPY straight into `transactions`
        // that fails on the unique key mid-stream left PostgresNIO's COPY state waiting forever
        // under load; the staging path never fails on a duplicate.)
        let inserted = try await mergeThroughStaging(
            buffer, table: "transactions", columns: Self.columns, returning: "bank_code, txn_ref",
            connection: connection, logger: logger)
        var newRows = batch
        if inserted.count != batch.count {
            var keys = Set<EntryKey>()
            for row in inserted {
                let (bank, ref) = try row.decode((String, String).self)
                keys.insert(EntryKey(bank: bank, ref: ref))
            }
            newRows = batch.filter { keys.contains(EntryKey(bank: $0.entry.bankCode, ref: $0.entry.txnRef)) }
        }
        let copied = ContinuousClock.now
        var aggregate = FlowAggregate()
        for row in newRows { aggregate.add(row.entry, firm: row.firm, counterpartyFirm: row.counterpartyFirm) }
        try await AggregateWriter.add(aggregate, connection: connection, logger: logger)
        logger.debug(
            "merged batch",
            metadata: [
                "fundchain.rows": "\(batch.count)", "fundchain.new": "\(newRows.count)",
                "fundchain.copy_s": "\(copied - started)", "fundchain.aggregate_s": "\(ContinuousClock.now - copied)",
                "fundchain.edges": "\(aggregate.edges.count)",
            ])
        return MergeOutcome(loaded: newRows.count, duplicate: batch.count - newRows.count + inBatchDuplicates)
    }

    func encode() -> ByteBuffer {
        var writer = CopyTextWriter(capacity: batch.count * 160)
        for row in batch {
            let e = row.entry
            writer.text(row.firm.code)
            writer.text(e.bankCode)
            writer.text(e.accountNumber)
            writer.text(e.txnRef)
            writer.date(e.bookedOn)
            writer.text(e.direction.rawValue)
            writer.integer(e.amount.fen)
            writer.text(e.currency.code)
            writer.text(e.counterpartyAccount)
            writer.text(e.counterpartyName)
            writer.text(e.counterpartyBank)
            writer.text(row.counterpartyFirm?.code)
            writer.text(e.purpose)
            writer.integer(runID)
            writer.endRow()
        }
        return writer.buffer
    }
}
