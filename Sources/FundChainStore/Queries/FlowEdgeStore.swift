import FundChainCore
import PostgresNIO

/// Reads the capital-flow graph's monthly edges from the aggregates, never the raw entries: the
/// edges between covered firms from `flow_edges`, and those from and to the outside world
/// (`CapitalFlowGraph.outsideWorldKey`) from `firm_month`'s outside totals and counts.
public enum FlowEdgeStore {
    /// The flows of the months `window` (month indices, `CalendarDate.monthIndex`).
    public static func flows(_ database: Database, months window: ClosedRange<Int>) async throws -> [FlowEdge] {
        let first = CalendarDate(monthIndex: window.lowerBound).description
        let last = CalendarDate(monthIndex: window.upperBound).description
        let outside = CapitalFlowGraph.outsideWorldKey
        var flows: [FlowEdge] = []
        let rows = try await database.client.query(
            """
            SELECT month::text, payer_firm, payee_firm, amount, txn_count FROM flow_edges
            WHERE month BETWEEN \(first)::date AND \(last)::date
            UNION ALL
            SELECT month::text, \(outside), firm::text, inflow_outside, credit_count_outside FROM firm_month
            WHERE month BETWEEN \(first)::date AND \(last)::date AND credit_count_outside > 0
            UNION ALL
            SELECT month::text, firm::text, \(outside), outflow_outside, debit_count_outside FROM firm_month
            WHERE month BETWEEN \(first)::date AND \(last)::date AND debit_count_outside > 0
            """, logger: database.logger)
        for try await (month, payer, payee, amount, count) in rows.decode((String, String, String, Int64, Int32).self) {
            let monthIndex = try CalendarDate(parsing: month).monthIndex
            flows.append(
                FlowEdge(sourceKey: payer, targetKey: payee, amountFen: amount, txnCount: count, month: monthIndex))
        }
        return flows
    }

    /// The latest month with flows, if any.
    public static func latestMonth(_ database: Database) async throws -> Int? {
        // firm_month has a row for every month with an entry, with or without an edge.
        let text = try await database.client.query("SELECT max(month)::text FROM firm_month", logger: database.logger)
            .collect().first?.decode(String?.self)
        return try text.map { try CalendarDate(parsing: $0).monthIndex }
    }
}
