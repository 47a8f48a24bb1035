import FundChainCore
import Logging
import PostgresNIO

/// Adds a batch's flow increments to `flow_edges` and `firm_month`.
///
/// A sum past PostgreSQL's `bigint` (or `integer` for the counts) fails the batch with an error
/// naming the firm, the month and the batch's lines, instead of PostgreSQL's bare "bigint out of
/// range": the upserts run under a savepoint, and on SQLSTATE 22003 a query finds which row of
/// the batch overflowed. The caller's transaction then rolls the whole batch back, so no entry is
/// loaded without its flows and none is counted.
///
/// Rows new to the run (`AggregateRows.newEdge`, `newFirmMonth`) go in with plain INSERTs while
/// `plain` is on, the others are upserted. A plain insert that meets an existing row (written by
/// an earlier run or by another ingest) rolls back to the savepoint; the batch then upserts every
/// row, and `plain` is stopped for the rest of the run.
enum AggregateWriter {
    /// `lines` are the first and last file lines of the batch's entries, for the error.
    static func add(
        _ rows: AggregateRows, plain: PlainInserts?, lines: ClosedRange<Int>, connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query("SAVEPOINT fundchain_aggregates", logger: logger)
        do {
            var upsertAll = true
            if let plain, plain.isOn, rows.hasNew {
                do {
                    try await insertNewUpsertKnown(rows, connection: connection, logger: logger)
                    upsertAll = false
                } catch let error where Database.isUniqueViolation(error) {
                    try await connection.query("ROLLBACK TO SAVEPOINT fundchain_aggregates", logger: logger)
                    plain.stop()
                    logger.debug("aggregate rows written outside this run: upserting from here on")
                }
            }
            if upsertAll {
                try await write(rows.edges, upsert: true, connection: connection, logger: logger)
                try await write(rows.firmMonths, upsert: true, connection: connection, logger: logger)
            }
            try await connection.query("RELEASE SAVEPOINT fundchain_aggregates", logger: logger)
        } catch let error where Database.sqlState(error) == "22003" {
            try await connection.query("ROLLBACK TO SAVEPOINT fundchain_aggregates", logger: logger)
            let culprit = try await overflowing(rows, connection: connection, logger: logger)
            throw StoreError(
                .ingestFailed,
                "lines \(lines.lowerBound)–\(lines.upperBound): adding the batch to \(culprit ?? "the flow totals") would "
                    + "exceed the largest total PostgreSQL holds (bigint: \(Int64.max) fen; integer counts: "
                    + "\(Int32.max)); nothing of the batch was loaded")
        }
    }

    /// Each table's new rows inserted, then its known rows upserted. Within a run, the batch
    /// before has committed (`AggregateTicket`), so its rows are never waited on here.
    static func insertNewUpsertKnown(_ rows: AggregateRows, connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await write(rows.edges(new: true), upsert: false, connection: connection, logger: logger)
        try await write(rows.edges(new: false), upsert: true, connection: connection, logger: logger)
        try await write(rows.firmMonths(new: true), upsert: false, connection: connection, logger: logger)
        try await write(rows.firmMonths(new: false), upsert: true, connection: connection, logger: logger)
    }

    /// Which aggregate row the batch would overflow: "firm_month of FIRM for YYYY-MM" or
    /// "flow_edges PAYER → PAYEE for YYYY-MM"; `nil` if none (the overflow was elsewhere).
    static func overflowing(_ rows: AggregateRows, connection: PostgresConnection, logger: Logger) async throws
        -> String?
    {
        let t = rows.firmMonths.totals
        let months = try await connection.query(
            """
            SELECT e.firm, to_char(e.month, 'YYYY-MM')
            FROM unnest(\(rows.firmMonths.months)::date[], \(rows.firmMonths.firms)::text[], \(t.map(\.inflow))::int8[],
                        \(t.map(\.outflow))::int8[], \(t.map(\.inflowOutside))::int8[], \(t.map(\.outflowOutside))::int8[],
                        \(t.map(\.creditCount))::int4[], \(t.map(\.debitCount))::int4[],
                        \(t.map(\.creditCountOutside))::int4[], \(t.map(\.debitCountOutside))::int4[])
                 AS e(month, firm, inflow, outflow, inflow_outside, outflow_outside, credit_count, debit_count,
                      credit_count_outside, debit_count_outside)
            JOIN firm_month f ON f.firm = e.firm AND f.month = e.month
            WHERE f.inflow::numeric + e.inflow > 9223372036854775807
               OR f.outflow::numeric + e.outflow > 9223372036854775807
               OR f.inflow_outside::numeric + e.inflow_outside > 9223372036854775807
               OR f.outflow_outside::numeric + e.outflow_outside > 9223372036854775807
               OR f.credit_count::int8 + e.credit_count > 2147483647
               OR f.debit_count::int8 + e.debit_count > 2147483647
               OR f.credit_count_outside::int8 + e.credit_count_outside > 2147483647
               OR f.debit_count_outside::int8 + e.debit_count_outside > 2147483647
            ORDER BY 1, 2 LIMIT 1
            """, logger: logger
        ).collect()
        if let row = months.first {
            let (firm, month) = try row.decode((String, String).self)
            return "firm_month of \(firm) for \(month)"
        }
        let edges = try await connection.query(
            """
            SELECT e.payer, e.payee, to_char(e.month, 'YYYY-MM')
            FROM unnest(\(rows.edges.months)::date[], \(rows.edges.payers)::text[], \(rows.edges.payees)::text[],
                        \(rows.edges.amounts)::int8[], \(rows.edges.counts)::int4[]) AS e(month, payer, payee, amount, count)
            JOIN flow_edges f ON f.payer_firm = e.payer AND f.month = e.month AND f.payee_firm = e.payee
            WHERE f.amount::numeric + e.amount > 9223372036854775807 OR f.txn_count::int8 + e.count > 2147483647
            ORDER BY 1, 3, 2 LIMIT 1
            """, logger: logger
        ).collect()
        guard let row = edges.first else { return nil }
        let (payer, payee, month) = try row.decode((String, String, String).self)
        return "flow_edges \(payer) → \(payee) for \(month)"
    }

    /// Inserts `rows`; when `upsert`, a row that exists is added to, else it fails the
    /// statement (a unique violation).
    static func write(_ rows: AggregateRows.Edges, upsert: Bool, connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard !rows.isEmpty else { return }
        // A constant clause, never input.
        let onConflict =
            upsert
            ? """
            ON CONFLICT (month, payer_firm, payee_firm) DO UPDATE
            SET amount = flow_edges.amount + EXCLUDED.amount, txn_count = flow_edges.txn_count + EXCLUDED.txn_count
            """ : ""
        try await connection.query(
            """
            INSERT INTO flow_edges (month, payer_firm, payee_firm, amount, txn_count)
            SELECT * FROM unnest(\(rows.months)::date[], \(rows.payers)::text[], \(rows.payees)::text[],
                                 \(rows.amounts)::int8[], \(rows.counts)::int4[])
            \(unescaped: onConflict)
            """, logger: logger)
    }

    /// Inserts `rows`; when `upsert`, a row that exists is added to, else it fails the
    /// statement (a unique violation).
    static func write(
        _ rows: AggregateRows.FirmMonths, upsert: Bool, connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !rows.isEmpty else { return }
        let t = rows.totals
        // A constant clause, never input.
        let onConflict =
            upsert
            ? """
            ON CONFLICT (month, firm) DO UPDATE SET
                inflow = firm_month.inflow + EXCLUDED.inflow,
                outflow = firm_month.outflow + EXCLUDED.outflow,
                inflow_outside = firm_month.inflow_outside + EXCLUDED.inflow_outside,
                outflow_outside = firm_month.outflow_outside + EXCLUDED.outflow_outside,
                credit_count = firm_month.credit_count + EXCLUDED.credit_count,
                debit_count = firm_month.debit_count + EXCLUDED.debit_count,
                inflow_days = firm_month.inflow_days | EXCLUDED.inflow_days,
                outflow_days = firm_month.outflow_days | EXCLUDED.outflow_days,
                credit_count_outside = firm_month.credit_count_outside + EXCLUDED.credit_count_outside,
                debit_count_outside = firm_month.debit_count_outside + EXCLUDED.debit_count_outside
            """ : ""
        try await connection.query(
            """
            INSERT INTO firm_month (month, firm, inflow, outflow, inflow_outside, outflow_outside,
                                    credit_count, debit_count, inflow_days, outflow_days,
                                    credit_count_outside, debit_count_outside)
            SELECT * FROM unnest(\(rows.months)::date[], \(rows.firms)::text[], \(t.map(\.inflow))::int8[],
                                 \(t.map(\.outflow))::int8[], \(t.map(\.inflowOutside))::int8[],
                                 \(t.map(\.outflowOutside))::int8[], \(t.map(\.creditCount))::int4[],
                                 \(t.map(\.debitCount))::int4[], \(t.map(\.inflowDays))::int4[],
                                 \(t.map(\.outflowDays))::int4[], \(t.map(\.creditCountOutside))::int4[],
                                 \(t.map(\.debitCountOutside))::int4[])
            \(unescaped: onConflict)
            """, logger: logger)
    }
}
