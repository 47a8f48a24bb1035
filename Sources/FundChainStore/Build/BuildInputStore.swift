import Foundation
import FundChainCore
import NIOCore
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
        database.logger.debug("build: firms read", metadata: ["firms": "\(firms.count)"])
        firms.sort { $0.uscc.code < $1.uscc.code }
        var index: [USCCKey: Int32] = [:]
        index.reserveCapacity(firms.count)
        for (i, firm) in firms.enumerated() { index[USCCKey(firm.uscc.code)!] = Int32(i) }

        // One query per month, concurrently on the client's connections. Rows are decoded cell by
        // cell: PostgresNIO's tuple decoding looks up tuple metadata under a global lock per row,
        // which made concurrent decoding no faster than one query at a time.
        let frozenIndex = index
        let parts = try await withThrowingTaskGroup(of: MonthPart.self) { group in
            for offset in 0..<window.months {
                group.addTask {
                    try await loadMonth(database, month: window.firstMonth + offset, offset: Int16(offset), index: frozenIndex)
                }
            }
            var parts: [MonthPart] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.offset < $1.offset }
        }
        logger.debug("build: months and flows read")
        let months = parts.flatMap(\.months)
        let flows = parts.flatMap(\.flows)
        let previous = firms.map { previousPD[$0.uscc.code] }
        return BuildInput(window: window, firms: firms, months: months, flows: flows, previousPD: previous)
    }

    /// One month's rows.
    struct MonthPart: Sendable {
        var offset: Int16
        var months: [BuildInput.MonthRow] = []
        var flows: [BuildInput.Flow] = []
    }

    static func loadMonth(_ database: Database, month: Int, offset: Int16, index: [USCCKey: Int32]) async throws -> MonthPart {
        let client = database.client
        let logger = database.logger
        let day = CalendarDate(monthIndex: month).description
        var part = MonthPart(offset: offset)
        let monthRows = try await client.query(
            """
            SELECT firm, inflow, outflow, inflow_outside, outflow_outside, credit_count, debit_count, inflow_days, outflow_days
            FROM firm_month WHERE month = \(day)::date
            """, logger: logger)
        for try await row in monthRows {
            var cells = row.makeIterator()
            let key = try cells.next()!.decode(ByteBuffer.self)
            guard let firm = firmIndex(key, in: index) else {
                throw StoreError(.corruptData, "firm_month has totals for \(String(buffer: key)), which is not in firms")
            }
            var totals = FlowAggregate.FirmMonthTotals()
            totals.inflow = try cells.next()!.decode(Int64.self)
            totals.outflow = try cells.next()!.decode(Int64.self)
            totals.inflowOutside = try cells.next()!.decode(Int64.self)
            totals.outflowOutside = try cells.next()!.decode(Int64.self)
            totals.creditCount = try cells.next()!.decode(Int32.self)
            totals.debitCount = try cells.next()!.decode(Int32.self)
            totals.inflowDays = try cells.next()!.decode(Int32.self)
            totals.outflowDays = try cells.next()!.decode(Int32.self)
            part.months.append(BuildInput.MonthRow(firm: firm, month: offset, totals: totals))
        }
        let flowRows = try await client.query(
            """
            SELECT payer_firm, payee_firm, amount, txn_count FROM flow_edges
            WHERE month = \(day)::date AND payer_firm <> \(FlowAggregate.outside) AND payee_firm <> \(FlowAggregate.outside)
            """, logger: logger)
        for try await row in flowRows {
            var cells = row.makeIterator()
            let payer = try cells.next()!.decode(ByteBuffer.self)
            let payee = try cells.next()!.decode(ByteBuffer.self)
            guard let from = firmIndex(payer, in: index), let to = firmIndex(payee, in: index) else {
                throw StoreError(
                    .corruptData, "flow_edges has a flow \(String(buffer: payer)) → \(String(buffer: payee)) of a firm not in firms")
            }
            let amount = try cells.next()!.decode(Int64.self)
            let count = try cells.next()!.decode(Int32.self)
            part.flows.append(BuildInput.Flow(payer: from, payee: to, month: offset, amount: amount, count: count))
        }
        return part
    }

    /// The firm whose USCC is in `bytes` (text from the database), without making a `String`.
    static func firmIndex(_ bytes: ByteBuffer, in index: [USCCKey: Int32]) -> Int32? {
        bytes.withUnsafeReadableBytes { USCCKey($0) }.flatMap { index[$0] }
    }
}
