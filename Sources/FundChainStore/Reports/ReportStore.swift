import Foundation
import FundChainCore
import FundChainReports
import NIOCore
import PostgresNIO

/// What the regulator reports read: snapshot batches (scores, grades, features and products from
/// the bodies), the window's money totals from `firm_month`, and the window's flows from
/// `flow_edges`, never the raw statement entries.
public struct ReportStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// The latest batch as of `asOf` (the newest batch whose as-of date is on or before it; the
    /// newest of all without), and the batch before it.
    public func batches(asOf: CalendarDate?) async throws -> (current: SnapshotBatch, previous: SnapshotBatch?)? {
        let snapshots = SnapshotStore(database: database)
        let columns = SnapshotStore.batchColumns
        let found: [SnapshotBatch]
        if let asOf {
            found = try await snapshots.batches(
                "SELECT \(unescaped: columns) FROM snapshot_batches WHERE as_of <= \(asOf.description)::date ORDER BY id DESC LIMIT 1")
        } else {
            found = try await snapshots.batches("SELECT \(unescaped: columns) FROM snapshot_batches ORDER BY id DESC LIMIT 1")
        }
        guard let current = found.first else { return nil }
        let previous = try await snapshots.batches(
            "SELECT \(unescaped: columns) FROM snapshot_batches WHERE id < \(current.id) ORDER BY id DESC LIMIT 1"
        ).first
        return (current, previous)
    }

    /// Everything the reports need of one batch, firms sorted by USCC.
    ///
    /// - Parameter parallelism: threads parsing the snapshot bodies.
    /// - Complexity: O(total body size) to parse, plus one grouped scan of the window's `firm_month`.
    public func load(_ batch: SnapshotBatch, parallelism: Int = 2) async throws -> ReportBatch {
        let logger = database.logger
        guard let model = try await SnapshotStore(database: database).model(sha256: batch.modelSHA256) else {
            throw StoreError(.corruptData, "batch \(batch.id) names model \(batch.modelSHA256), which is not in scoring_models")
        }
        let grades = try Scorecard.load(yaml: model.body).grades.map(\.grade)
        let window = BuildWindow(asOf: batch.asOf, months: batch.windowMonths)
        let totals = try await monthTotals(window)

        struct Row: Sendable {
            var uscc: String, name: String, industry: String, region: String, isCore: Bool
            var score: Int, pd: Double, grade: String, body: ByteBuffer
        }
        var rows: [Row] = []
        rows.reserveCapacity(batch.firmCount)
        let query: PostgresQuery = """
            SELECT s.uscc::text, f.name, f.industry, f.region::text, f.is_core, s.score, s.pd, s.grade, s.body
            FROM snapshots s JOIN firms f ON f.uscc = s.uscc WHERE s.batch_id = \(batch.id)
            """
        for try await (uscc, name, industry, region, isCore, score, pd, grade, body) in try await database.client.query(
            query, logger: logger
        ).decode((String, String, String, String, Bool, Int, Double, String, ByteBuffer).self) {
            rows.append(Row(uscc: uscc, name: name, industry: industry, region: region, isCore: isCore, score: score, pd: pd, grade: grade, body: body))
        }
        rows.sort { $0.uscc < $1.uscc }
        let names = ProfileCatalog.definitions.filter { !$0.isCategorical }.map(\.name)
        let frozen = rows
        let parts = Parallel.map(ranges: frozen.count, chunks: max(1, parallelism) * 4) { range in
            var firms: [ReportFirm] = []
            var features: [Double] = []
            var failure: String?
            for row in frozen[range] {
                do {
                    let body = try row.body.withUnsafeReadableBytes { try JSONValue(parsing: Array($0)) }
                    let values = body["features"]?.objectValue ?? [:]
                    for name in names { features.append(values[name]?.doubleValue ?? .nan) }
                    let total = totals[row.uscc]
                    firms.append(
                        ReportFirm(
                            uscc: row.uscc, name: row.name, industry: try IndustryCode(row.industry), region: try RegionCode(row.region),
                            isCore: row.isCore, score: row.score, pd: row.pd, grade: row.grade, products: FirmProducts(json: body["products"]),
                            inflow: total?.inflow ?? 0, outflow: total?.outflow ?? 0, active: total?.active ?? false))
                } catch {
                    failure = "snapshot of \(row.uscc) in batch \(batch.id): \(error)"
                    break
                }
            }
            return (firms, features, failure)
        }
        if let failure = parts.compactMap(\.2).first { throw StoreError(.corruptData, failure) }
        logger.debug("report: batch loaded", metadata: ["fundchain.batch": "\(batch.id)", "fundchain.firms": "\(rows.count)"])
        return ReportBatch(
            id: batch.id, asOf: batch.asOf, windowMonths: batch.windowMonths, grades: grades, firms: parts.flatMap(\.0),
            featureNames: names, features: parts.flatMap(\.1))
    }

    struct Totals: Sendable {
        var inflow: Int64
        var outflow: Int64
        var active: Bool
    }

    /// Each firm's inflow and outflow over the window, and whether it had any entry in the
    /// window's last three months.
    func monthTotals(_ window: BuildWindow) async throws -> [String: Totals] {
        let first = CalendarDate(monthIndex: window.firstMonth).description
        let last = CalendarDate(monthIndex: window.lastMonth).description
        let recent = CalendarDate(monthIndex: window.lastMonth - 2).description
        var totals: [String: Totals] = [:]
        let rows = try await database.client.query(
            """
            SELECT firm::text, sum(inflow)::bigint, sum(outflow)::bigint,
                   bool_or(month >= \(recent)::date AND credit_count + debit_count > 0)
            FROM firm_month WHERE month BETWEEN \(first)::date AND \(last)::date GROUP BY firm
            """, logger: database.logger)
        for try await (firm, inflow, outflow, active) in rows.decode((String, Int64, Int64, Bool).self) {
            totals[firm] = Totals(inflow: inflow, outflow: outflow, active: active)
        }
        return totals
    }

    /// The window's flows between the batch's firms, summed per (payer, payee).
    ///
    /// - Complexity: one grouped scan of the window's `flow_edges`.
    public func flows(_ batch: ReportBatch) async throws -> ReportFlows {
        let window = BuildWindow(asOf: batch.asOf, months: batch.windowMonths)
        let index = batch.firmIndex
        var edges: [ReportFlows.Edge] = []
        let rows = try await database.client.query(
            """
            SELECT payer_firm, payee_firm, sum(amount)::bigint, sum(txn_count)::bigint FROM flow_edges
            WHERE month BETWEEN \(CalendarDate(monthIndex: window.firstMonth).description)::date
                AND \(CalendarDate(monthIndex: window.lastMonth).description)::date
              AND payer_firm <> \(FlowAggregate.outside) AND payee_firm <> \(FlowAggregate.outside)
            GROUP BY payer_firm, payee_firm
            """, logger: database.logger)
        for try await (payer, payee, amount, count) in rows.decode((String, String, Int64, Int64).self) {
            guard let from = index[payer], let to = index[payee] else { continue }
            edges.append(ReportFlows.Edge(payer: Int32(from), payee: Int32(to), amount: amount, count: count))
        }
        return ReportFlows(edges: edges)
    }

    /// The window's monthly flows among `firms` (USCCs), for round-trip detection: time is the
    /// month (`CalendarDate.monthIndex`).
    public func monthlyFlows(among firms: [String], window: BuildWindow) async throws -> [DatedFlow] {
        guard !firms.isEmpty else { return [] }
        var flows: [DatedFlow] = []
        let rows = try await database.client.query(
            """
            SELECT month::text, payer_firm, payee_firm, amount FROM flow_edges
            WHERE month BETWEEN \(CalendarDate(monthIndex: window.firstMonth).description)::date
                AND \(CalendarDate(monthIndex: window.lastMonth).description)::date
              AND payer_firm = ANY(\(firms)) AND payee_firm = ANY(\(firms))
            """, logger: database.logger)
        for try await (month, payer, payee, amount) in rows.decode((String, String, String, Int64).self) {
            flows.append(
                DatedFlow(sourceKey: payer, targetKey: payee, amount: amount, time: try CalendarDate(parsing: month).monthIndex))
        }
        return flows
    }
}
