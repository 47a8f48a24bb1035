import FundChainCore
import PostgresNIO

/// Reads what a build needs from the aggregates (`firms`, `firm_month`, `flow_edges`), never the
/// raw statement entries.
public enum BuildInputStore {
    /// The latest month with firm totals, if any (`CalendarDate.monthIndex`).
    public static func latestMonth(_ database: Database) async throws -> Int? {
        let text = try await database.client.query("SELECT max(month)::text FROM firm_month", logger: database.logger)
            .collect().first?.decode(String?.self)
        return try text.map { try CalendarDate(parsing: $0).monthIndex }
    }

    /// The firms, their monthly totals and the flows between them in `window`. Flows with the
    /// outside world are not read: `firm_month` carries their totals.
    ///
    /// - Parameter previousPD: each firm's PD in the previous build, by USCC.
    public static func load(_ database: Database, window: BuildWindow, previousPD: [String: Double] = [:]) async throws -> BuildInput {
        let client = database.client
        let logger = database.logger
        var firms: [Firm] = []
        let firmRows = try await client.query(
            "SELECT uscc, name, industry, region, founded_on::text, is_core FROM firms", logger: logger)
        for try await (uscc, name, industry, region, founded, isCore) in firmRows.decode((String, String, String, String, String, Bool).self) {
            do {
                firms.append(
                    Firm(
                        uscc: try USCC(uscc), name: name, industry: try IndustryCode(industry), region: try RegionCode(region),
                        foundedOn: try CalendarDate(parsing: founded), isCore: isCore))
            } catch {
                throw StoreError(.corruptData, "firms row \(uscc): \(error) (the table holds only validated rows; was it edited by hand?)")
            }
        }
        firms.sort { $0.uscc.code < $1.uscc.code }
        var index: [String: Int32] = [:]
        index.reserveCapacity(firms.count)
        for (i, firm) in firms.enumerated() { index[firm.uscc.code] = Int32(i) }

        let first = CalendarDate(monthIndex: window.firstMonth).description
        let last = CalendarDate(monthIndex: window.lastMonth).description
        let monthIndex = "((date_part('year', month)::int - 1970) * 12 + date_part('month', month)::int - 1)"
        var months: [BuildInput.MonthRow] = []
        months.reserveCapacity(firms.count * window.months)
        let monthRows = try await client.query(
            """
            SELECT firm, \(unescaped: monthIndex), inflow, outflow, inflow_outside, outflow_outside, credit_count,
                   debit_count, inflow_days, outflow_days
            FROM firm_month WHERE month BETWEEN \(first)::date AND \(last)::date
            """, logger: logger)
        for try await row in monthRows.decode((String, Int, Int64, Int64, Int64, Int64, Int32, Int32, Int32, Int32).self) {
            guard let firm = index[row.0] else {
                throw StoreError(.corruptData, "firm_month has totals for \(row.0), which is not in firms")
            }
            months.append(
                BuildInput.MonthRow(
                    firm: firm, month: Int16(row.1 - window.firstMonth),
                    totals: .init(
                        inflow: row.2, outflow: row.3, inflowOutside: row.4, outflowOutside: row.5, creditCount: row.6,
                        debitCount: row.7, inflowDays: row.8, outflowDays: row.9)))
        }

        var flows: [BuildInput.Flow] = []
        let flowRows = try await client.query(
            """
            SELECT payer_firm, payee_firm, \(unescaped: monthIndex), amount, txn_count FROM flow_edges
            WHERE month BETWEEN \(first)::date AND \(last)::date
              AND payer_firm <> \(FlowAggregate.outside) AND payee_firm <> \(FlowAggregate.outside)
            """, logger: logger)
        for try await (payer, payee, month, amount, count) in flowRows.decode((String, String, Int, Int64, Int32).self) {
            guard let from = index[payer], let to = index[payee] else {
                throw StoreError(.corruptData, "flow_edges has a flow \(payer) → \(payee) of a firm not in firms")
            }
            flows.append(BuildInput.Flow(payer: from, payee: to, month: Int16(month - window.firstMonth), amount: amount, count: count))
        }
        let previous = firms.map { previousPD[$0.uscc.code] }
        return BuildInput(window: window, firms: firms, months: months, flows: flows, previousPD: previous)
    }
}
