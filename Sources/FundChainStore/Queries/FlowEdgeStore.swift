import FundChainCore
import PostgresNIO

/// Reads the capital-flow graph's monthly edges from `flow_edges`, never the raw entries.
public enum FlowEdgeStore {
    /// The flows of the months `window` (month indices, `CalendarDate.monthIndex`).
    public static func flows(_ database: Database, months window: ClosedRange<Int>) async throws -> [FlowEdge] {
        let first = CalendarDate(monthIndex: window.lowerBound).description
        let last = CalendarDate(monthIndex: window.upperBound).description
        var flows: [FlowEdge] = []
        let rows = try await database.client.query(
            """
            SELECT month::text, payer_firm, payee_firm, amount, txn_count FROM flow_edges
            WHERE month BETWEEN \(first)::date AND \(last)::date
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
        let text = try await database.client.query("SELECT max(month)::text FROM flow_edges", logger: database.logger)
            .collect().first?.decode(String?.self)
        return try text.map { try CalendarDate(parsing: $0).monthIndex }
    }
}
