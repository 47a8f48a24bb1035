import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// What the reports read from PostgreSQL, and the warning scan, on two real builds of a generated
/// region.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ReportStoreTests {
    @Test(arguments: [UInt64(3)])
    func batchesFirmsFlowsAndWarnings(seed: UInt64) async throws {
        try await withTestDatabase { database in
            _ = try await GeneratedRegion.ingest(into: database, firms: 400, seed: seed)
            let job = BuildJob(database: database, model: try TestModel.expertCard())
            let first = try #require(
                try await job.run(.init(asOf: try CalendarDate(parsing: "2025-10-31"), parallelism: 2)).batch)
            // The second build matches firms to the starter catalog; the first had none.
            _ = try await ProductCatalogStore(database: database).load(
                files: try ShippedProducts.files(), source: "products")
            let second = try #require(
                try await job.run(.init(asOf: try CalendarDate(parsing: "2025-11-30"), parallelism: 2)).batch)

            // The latest build as of a date, and the one before it.
            let store = ReportStore(database: database)
            let (current, previous) = try #require(try await store.batches(asOf: nil))
            #expect(current.id == second.id && previous?.id == first.id)
            let older = try #require(try await store.batches(asOf: try CalendarDate(parsing: "2025-11-29")))
            #expect(older.current.id == first.id && older.previous == nil)
            #expect(try await store.batches(asOf: try CalendarDate(parsing: "2025-01-01")) == nil)

            // Firms: scores as stored, money totals as the build's own features say.
            let batch = try await store.load(current)
            let asAnalyst = try await TestRole.asMember(of: .analyst, database) { db in
                let store = ReportStore(database: db)
                return (try await store.load(current).firms.count, try await store.flows(batch).edges.count)
            }
            let stored = try await SnapshotStore(database: database).scores(batch: current.id)
            #expect(batch.firms.count == 400 && stored.count == 400)
            #expect(batch.firms.map(\.uscc) == batch.firms.map(\.uscc).sorted())
            for (f, firm) in batch.firms.enumerated() {
                #expect(firm.score == stored[firm.uscc]?.score && firm.pd == stored[firm.uscc]?.pd)
                let yuan = try #require(batch.feature("inflow_12m_yuan", of: f))
                #expect(abs(Double(firm.inflow) / 100 - yuan) < 0.005, "\(firm.uscc)")
                let body = try JSONValue(
                    parsing: Array(
                        try #require(try await SnapshotStore(database: database).latestSnapshot(firm: firm.uscc)).body))
                let eligible = try #require(body["products"]?["eligible"]?.arrayValue)
                #expect(firm.products?.eligible.map(\.product) == eligible.map { $0["product"]?.stringValue })
                #expect(
                    firm.products?.suggestedLimit == (eligible.compactMap { $0["limit_yuan"]?.int64Value }.max() ?? 0)
                        * 100)
            }
            #expect(batch.hasProducts)
            #expect(try await store.load(first).hasProducts == false)
            #expect(batch.grades == ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"])

            // Flows: the window's covered flows, summed, against PostgreSQL's own sum.
            let flows = try await store.flows(batch)
            let total = try await database.client.query(
                """
                SELECT sum(amount)::bigint FROM flow_edges WHERE month BETWEEN '2024-12-01' AND '2025-11-01'
                """, logger: database.logger
            ).collect().first?.decode(Int64.self)
            #expect(flows.edges.reduce(0) { $0 + $1.amount } == total)
            #expect(Set(flows.edges.map { [$0.payer, $0.payee] }).count == flows.edges.count)
            #expect(asAnalyst.0 == 400 && asAnalyst.1 == flows.edges.count, "the analyst reads what the reports read")

            // The warning scan: the first batch has nothing to compare with; the second's warnings are
            // stored once, by the build group (it runs the scan), and every run is recorded.
            let before = try await store.load(try #require(previous))
            let warnings = WarningDetector().detect(batch, previous: before)
            try #require(!warnings.isEmpty)
            #expect(try await store.previous(of: current)?.id == first.id)
            #expect(try await store.previous(of: first) == nil)
            let warningStore = WarningStore(database: database)
            #expect(try await warningStore.latestScan(batch: current.id) == nil)
            let firstScan = try await WarningScanJob(database: database).run(first)
            #expect(firstScan.previousBatchID == nil && firstScan.raised == 0 && firstScan.added == 0)
            let scan = try await TestRole.asMember(of: .build, database) { db in
                try await WarningScanJob(database: db).run(current)
            }
            #expect(scan.batchID == current.id && scan.previousBatchID == first.id && scan.scoreDrop == 30)
            #expect(scan.raised == warnings.count && scan.added == warnings.count)
            let again = try await WarningScanJob(database: database).run(current)
            #expect(again.raised == warnings.count && again.added == 0)
            #expect(try await warningStore.latestScan(batch: current.id) == again)
            #expect(try await warningStore.record(warnings, batch: current, previous: first) == 0)
            await #expect(throws: (any Error).self) {
                try await database.client.query("UPDATE warning_scans SET raised = 0", logger: database.logger)
            }
            let listed = try await warningStore.list(batch: current.id)
            #expect(listed.map(\.uscc) == warnings.map(\.uscc) && listed.map(\.kind) == warnings.map(\.kind.rawValue))
            #expect(listed.allSatisfy { $0.handledAt == nil && $0.raisedAt == current.createdAt && !$0.name.isEmpty })
            let handled = try await warningStore.acknowledge(id: listed[0].id, note: "已电话核实：客户回款延迟")
            #expect(handled.note == "已电话核实：客户回款延迟" && handled.handledAt != nil)
            await #expect(throws: StoreError.self) {
                try await warningStore.acknowledge(id: listed[0].id, note: "again")
            }
            await #expect(throws: StoreError.self) { try await warningStore.acknowledge(id: 999_999, note: "none") }
            // A later build lists only what is still open from this one.
            #expect(try await warningStore.list(batch: current.id + 1).count == listed.count - 1)

            // A lower threshold adds the score drops only it finds; the rest stay as they were.
            let lower = WarningDetector(scoreDrop: 10).detect(batch, previous: before)
            let known = Set(warnings.map { "\($0.uscc) \($0.kind.rawValue)" })
            let newOnes = lower.filter { !known.contains("\($0.uscc) \($0.kind.rawValue)") }
            #expect(!newOnes.isEmpty && newOnes.allSatisfy { $0.kind == .scoreDrop })
            let lowerScan = try await WarningScanJob(database: database, detector: WarningDetector(scoreDrop: 10))
                .run(current)
            #expect(lowerScan.raised == lower.count && lowerScan.added == newOnes.count && lowerScan.scoreDrop == 10)
            #expect(try await warningStore.list(batch: current.id).count == listed.count + newOnes.count)
        }
    }
}
