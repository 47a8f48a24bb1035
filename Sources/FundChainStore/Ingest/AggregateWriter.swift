import FundChainCore
import Logging
import PostgresNIO

/// Adds a batch's `FlowAggregate` to `flow_edges` and `firm_month`.
///
/// Rows are upserted in key order, so concurrent ingests lock aggregate rows in the same order
/// and cannot deadlock on each other.
enum AggregateWriter {
    static func add(_ aggregate: FlowAggregate, connection: PostgresConnection, logger: Logger) async throws {
        if !aggregate.edges.isEmpty {
            let edges = aggregate.edges.sorted { a, b in
                (a.key.payer, a.key.month, a.key.payee) < (b.key.payer, b.key.month, b.key.payee)
            }
            let months = edges.map { CalendarDate(monthIndex: $0.key.month).description }
            let payers = edges.map(\.key.payer)
            let payees = edges.map(\.key.payee)
            let amounts = edges.map(\.value.amount)
            let counts = edges.map(\.value.count)
            try await connection.query(
                """
                INSERT INTO flow_edges (month, payer_firm, payee_firm, amount, txn_count)
                SELECT * FROM unnest(\(months)::date[], \(payers)::text[], \(payees)::text[], \(amounts)::int8[], \(counts)::int4[])
                ON CONFLICT (payer_firm, month, payee_firm) DO UPDATE
                SET amount = flow_edges.amount + EXCLUDED.amount, txn_count = flow_edges.txn_count + EXCLUDED.txn_count
                """, logger: logger)
        }
        if !aggregate.firmMonths.isEmpty {
            let rows = aggregate.firmMonths.sorted { a, b in (a.key.firm, a.key.month) < (b.key.firm, b.key.month) }
            let months = rows.map { CalendarDate(monthIndex: $0.key.month).description }
            let firms = rows.map(\.key.firm)
            let t = rows.map(\.value)
            try await connection.query(
                """
                INSERT INTO firm_month (month, firm, inflow, outflow, inflow_outside, outflow_outside,
                                        credit_count, debit_count, inflow_days, outflow_days)
                SELECT * FROM unnest(\(months)::date[], \(firms)::text[], \(t.map(\.inflow))::int8[],
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
