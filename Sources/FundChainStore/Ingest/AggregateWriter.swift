import FundChainCore
import Logging
import PostgresNIO

/// A batch's `FlowAggregate` as column arrays in key order, ready to upsert. Built on the client
/// side of the pipeline, while the previous batch merges.
///
/// Rows are in key order, so concurrent ingests lock aggregate rows in the same order and cannot
/// deadlock on each other.
struct AggregateRows: Sendable {
    var edgeMonths: [String] = []
    var payers: [String] = []
    var payees: [String] = []
    var amounts: [Int64] = []
    var counts: [Int32] = []
    var firmMonths: [String] = []
    var firms: [String] = []
    var totals: [FlowAggregate.FirmMonthTotals] = []

    /// - Complexity: O(k log k) for k edges and firm-months.
    init(_ aggregate: FlowAggregate) {
        let edges = aggregate.edges.sorted { a, b in
            (a.key.payer, a.key.month, a.key.payee) < (b.key.payer, b.key.month, b.key.payee)
        }
        edgeMonths = edges.map { CalendarDate(monthIndex: $0.key.month).description }
        payers = edges.map(\.key.payer)
        payees = edges.map(\.key.payee)
        amounts = edges.map(\.value.amount)
        counts = edges.map(\.value.count)
        let rows = aggregate.firmMonths.sorted { a, b in (a.key.firm, a.key.month) < (b.key.firm, b.key.month) }
        firmMonths = rows.map { CalendarDate(monthIndex: $0.key.month).description }
        firms = rows.map(\.key.firm)
        totals = rows.map(\.value)
    }
}

/// Adds a batch's flow increments to `flow_edges` and `firm_month`.
enum AggregateWriter {
    static func add(_ rows: AggregateRows, connection: PostgresConnection, logger: Logger) async throws {
        if !rows.payers.isEmpty {
            try await connection.query(
                """
                INSERT INTO flow_edges (month, payer_firm, payee_firm, amount, txn_count)
                SELECT * FROM unnest(\(rows.edgeMonths)::date[], \(rows.payers)::text[], \(rows.payees)::text[],
                                     \(rows.amounts)::int8[], \(rows.counts)::int4[])
                ON CONFLICT (payer_firm, month, payee_firm) DO UPDATE
                SET amount = flow_edges.amount + EXCLUDED.amount, txn_count = flow_edges.txn_count + EXCLUDED.txn_count
                """, logger: logger)
        }
        if !rows.firms.isEmpty {
            let t = rows.totals
            try await connection.query(
                """
                INSERT INTO firm_month (month, firm, inflow, outflow, inflow_outside, outflow_outside,
                                        credit_count, debit_count, inflow_days, outflow_days)
                SELECT * FROM unnest(\(rows.firmMonths)::date[], \(rows.firms)::text[], \(t.map(\.inflow))::int8[],
                                     \(t.map(\.outflow))::int8[], \(t.map(\.inflowOutside))::int8[],
                                     \(t.map(\.outflowOutside))::int8[], \(t.map(\.creditCount))::int4[],
                                     \(t.map(\.debitCount))::int4[], \(t.map(\.inflowDays))::int4[],
                                     \(t.map(\.outflowDays))::int4[])
                ON CONFLICT (firm, month) DO UPDATE SET
                    inflow = firm_month.inflow + EXCLUDED.inflow,
                    outflow = firm_month.outflow + EXCLUDED.outflow,
                    inflow_outside = firm_month.inflow_outside + EXCLUDED.inflow_outside,
                    outflow_outside = firm_month.outflow_outside + EXCLUDED.outflow_outside,
                    credit_count = firm_month.credit_count + EXCLUDED.credit_count,
                    debit_count = firm_month.debit_count + EXCLUDED.debit_count,
                    inflow_days = firm_month.inflow_days | EXCLUDED.inflow_days,
                    outflow_days = firm_month.outflow_days | EXCLUDED.outflow_days
                """, logger: logger)
        }
    }
}
