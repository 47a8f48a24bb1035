import Foundation
import FundChainCore
import FundChainReports
import FundChainStore
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
                "SELECT \(unescaped: columns) FROM snapshot_batches WHERE as_of <= \(asOf.description)::date ORDER BY id DESC LIMIT 1"
            )
        } else {
            found = try await snapshots.batches(
                "SELECT \(unescaped: columns) FROM snapshot_batches ORDER BY id DESC LIMIT 1")
        }
        guard let current = found.first else { return nil }
        return (current, try await previous(of: current))
    }

    /// The batch before `batch` (the next lower id): what its warnings and comparisons are
    /// against; `nil` for the first.
    public func previous(of batch: SnapshotBatch) async throws -> SnapshotBatch? {
        let columns = SnapshotStore.batchColumns
        return try await SnapshotStore(database: database).batches(
            "SELECT \(unescaped: columns) FROM snapshot_batches WHERE id < \(batch.id) ORDER BY id DESC LIMIT 1"
        ).first
    }

    /// Everything the reports need of one batch, firms sorted by USCC. Bodies are read as they
    /// stream in and only their features and eligible products are looked at
    /// (`SnapshotBodyReader`); with `bodies: false` (the chain report) they are not read at all.
    ///
    /// - Complexity: O(total body size), one pass; plus one grouped scan of the window's `firm_month`.
    public func load(_ batch: SnapshotBatch, bodies: Bool = true) async throws -> ReportBatch {
        let logger = database.logger
        guard let model = try await SnapshotStore(database: database).model(sha256: batch.modelSHA256) else {
            throw StoreError(
                .corruptData, "batch \(batch.id) names model \(batch.modelSHA256), which is not in scoring_models")
        }
        let grades = try Scorecard.load(yaml: model.body).grades.map(\.grade)
        let window = BuildWindow(asOf: batch.asOf, months: batch.windowMonths)
        let totals = try await monthTotals(window)
        let reader = SnapshotBodyReader(
            featureNames: bodies ? ProfileCatalog.definitions.filter { !$0.isCategorical }.map(\.name) : [])

        var firms: [ReportFirm] = []
        var features: [Double] = []
        firms.reserveCapacity(batch.firmCount)
        features.reserveCapacity(batch.firmCount * reader.featureNames.count)
        try await forEachFirm(of: batch, bodies: bodies, totals: totals) { firm, body in
            var firm = firm
            if bodies { firm.products = body.withUnsafeReadableBytes { reader.read($0, features: &features) } }
            firms.append(firm)
        }
        logger.debug(
            "report: batch loaded", metadata: ["fundchain.batch": "\(batch.id)", "fundchain.firms": "\(firms.count)"])
        return ReportBatch(
            id: batch.id, asOf: batch.asOf, windowMonths: batch.windowMonths, grades: grades, firms: firms,
            featureNames: reader.featureNames, features: features)
    }

    /// Streams the batch's firms in USCC order, each with its registration, its champion score
    /// and its window totals (from `totals`), and its body's bytes (empty with `bodies: false`).
    func forEachFirm(
        of batch: SnapshotBatch, bodies: Bool, totals: [String: Totals], _ each: (ReportFirm, ByteBuffer) throws -> Void
    ) async throws {
        let query: PostgresQuery = """
            SELECT s.uscc::text, f.name, f.industry, f.region::text, f.is_core, s.score, s.pd, s.grade, \(unescaped: bodies ? "s.body" : "''")
            FROM snapshots s JOIN firms f ON f.uscc = s.uscc WHERE s.batch_id = \(batch.id) ORDER BY s.uscc
            """
        // Cells decoded one by one (PostgresNIO's tuple decoding locks per row; see BuildInputStore).
        for try await row in try await database.client.query(query, logger: database.logger) {
            var cells = row.makeIterator()
            let uscc = try cells.next()!.decode(String.self)
            let name = try cells.next()!.decode(String.self)
            let industry = try cells.next()!.decode(String.self)
            let region = try cells.next()!.decode(String.self)
            let isCore = try cells.next()!.decode(Bool.self)
            let score = try cells.next()!.decode(Int.self)
            let pd = try cells.next()!.decode(Double.self)
            let grade = try cells.next()!.decode(String.self)
            let body = try cells.next()!.decode(ByteBuffer.self)
            let total = totals[uscc]
            let firm: ReportFirm
            do {
                firm = ReportFirm(
                    uscc: uscc, name: name, industry: try IndustryCode(industry), region: try RegionCode(region),
                    isCore: isCore,
                    score: score, pd: pd, grade: grade, inflow: total?.inflow ?? 0, outflow: total?.outflow ?? 0,
                    active: total?.active ?? false)
            } catch {
                throw StoreError(
                    .corruptData,
                    "firms row \(uscc): \(error) (the table holds only validated rows; was it edited by hand?)")
            }
            try each(firm, body)
        }
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
                DatedFlow(
                    sourceKey: payer, targetKey: payee, amount: amount,
                    time: try CalendarDate(parsing: month).monthIndex))
        }
        return flows
    }
}
