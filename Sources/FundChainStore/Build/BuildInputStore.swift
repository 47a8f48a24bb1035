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
    public static func load(_ database: Database, window: BuildWindow, previousPD: [String: Double] = [:]) async throws
        -> BuildInput
    {
        let client = database.client
        let logger = database.logger
        var firms: [Firm] = []
        let firmRows = try await client.query(
            "SELECT uscc, name, industry, region, founded_on::text, is_core FROM firms", logger: logger)
        for try await (uscc, name, industry, region, founded, isCore) in firmRows.decode(
            (String, String, String, String, String, Bool).self)
        {
            do {
                firms.append(
                    Firm(
                        uscc: try USCC(uscc), name: name, industry: try IndustryCode(industry),
                        region: try RegionCode(region),
                        foundedOn: try CalendarDate(parsing: founded), isCore: isCore))
            } catch {
                throw StoreError(
                    .corruptData,
                    "firms row \(uscc): \(error) (the table holds only validated rows; was it edited by hand?)")
            }
        }
        database.logger.debug("build: firms read", metadata: ["firms": "\(firms.count)"])
        firms.sort { $0.uscc.code < $1.uscc.code }
        var index: [USCCKey: Int32] = [:]
        index.reserveCapacity(firms.count)
        for (i, firm) in firms.enumerated() { index[USCCKey(firm.uscc.code)!] = Int32(i) }

        // One query per month, concurrently on the client's connections (so the server reads
        // months on every core), each answering with packed chunks (PackedRows).
        let frozenIndex = index
        let parts = try await withThrowingTaskGroup(of: MonthPart.self) { group in
            for offset in 0..<window.months {
                group.addTask {
                    try await loadMonth(
                        database, month: window.firstMonth + offset, offset: Int16(offset), index: frozenIndex)
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

    /// Rows per packed chunk, about: a month is split into chunks by a hash of the firm, so that
    /// no `bytea` comes near PostgreSQL's 1 GB limit and the client decodes while the server
    /// still sends.
    static let rowsPerChunk = 50_000

    static func loadMonth(_ database: Database, month: Int, offset: Int16, index: [USCCKey: Int32]) async throws
        -> MonthPart
    {
        let client = database.client
        let logger = database.logger
        let day = CalendarDate(monthIndex: month).description
        let chunks = max(1, min(1_024, index.count * 2 / rowsPerChunk))
        var part = MonthPart(offset: offset)
        // Packed as PackedRows reads them: firm, four int8 totals, six int4 counts and day sets.
        let monthRows = try await client.query(
            """
            SELECT string_agg(int2send(octet_length(firm::text)::int2) || textsend(firm::text)
                || int8send(inflow) || int8send(outflow) || int8send(inflow_outside) || int8send(outflow_outside)
                || int4send(credit_count) || int4send(debit_count) || int4send(inflow_days) || int4send(outflow_days)
                || int4send(credit_count_outside) || int4send(debit_count_outside), ''::bytea)
            FROM firm_month WHERE month = \(day)::date
            GROUP BY abs(hashtext(firm::text)) % \(chunks)
            """, logger: logger)
        for try await packed in monthRows.decode(ByteBuffer.self) {
            try packed.withUnsafeReadableBytes { bytes throws(StoreError) in
                var rows = PackedRows(bytes)
                while !rows.isAtEnd {
                    let firm = try rows.firm(in: index, table: "firm_month")
                    var totals = FlowAggregate.FirmMonthTotals()
                    totals.inflow = try rows.int64()
                    totals.outflow = try rows.int64()
                    totals.inflowOutside = try rows.int64()
                    totals.outflowOutside = try rows.int64()
                    totals.creditCount = try rows.int32()
                    totals.debitCount = try rows.int32()
                    totals.inflowDays = try rows.int32()
                    totals.outflowDays = try rows.int32()
                    totals.creditCountOutside = try rows.int32()
                    totals.debitCountOutside = try rows.int32()
                    part.months.append(BuildInput.MonthRow(firm: firm, month: offset, totals: totals))
                }
            }
        }
        // Packed: payer, payee, amount (int8), count (int4).
        let flowRows = try await client.query(
            """
            SELECT string_agg(int2send(octet_length(payer_firm)::int2) || textsend(payer_firm)
                || int2send(octet_length(payee_firm)::int2) || textsend(payee_firm)
                || int8send(amount) || int4send(txn_count), ''::bytea)
            FROM flow_edges
            WHERE month = \(day)::date
            GROUP BY abs(hashtext(payer_firm)) % \(chunks)
            """, logger: logger)
        for try await packed in flowRows.decode(ByteBuffer.self) {
            try packed.withUnsafeReadableBytes { bytes throws(StoreError) in
                var rows = PackedRows(bytes)
                while !rows.isAtEnd {
                    let payer = try rows.firm(in: index, table: "flow_edges")
                    let payee = try rows.firm(in: index, table: "flow_edges")
                    let amount = try rows.int64()
                    let count = try rows.int32()
                    part.flows.append(
                        BuildInput.Flow(payer: payer, payee: payee, month: offset, amount: amount, count: count))
                }
            }
        }
        return part
    }
}
