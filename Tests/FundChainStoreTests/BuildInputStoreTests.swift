import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// The build's reader of the aggregates, on rows written here by hand.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct BuildInputStoreTests {
    static let a = USCC.withCheckCharacter(body: "91500103MA5U000A1")!.code
    static let b = USCC.withCheckCharacter(body: "91500103MA5U000B2")!.code
    static let c = USCC.withCheckCharacter(body: "91500112MA5U000C3")!.code

    static func insertFirms(_ db: Database) async throws {
        for (uscc, name, core) in [(a, "甲公司", true), (b, "乙公司", false), (c, "丙公司", false)] {
            try await db.client.query(
                """
                INSERT INTO firms (uscc, name, industry, region, founded_on, is_core)
                VALUES (\(uscc), \(name), 'C3670', '500103001', '2015-06-01', \(core))
                """, logger: db.logger)
        }
    }

    /// Every value comes back exactly (the outside counts too), months outside the window stay
    /// out, and a self-loop (transfers between a firm's own accounts) is kept.
    @Test func readsTheWindowsRowsExactly() async throws {
        try await withTestDatabase { db in
            try await Self.insertFirms(db)
            let (a, b, c) = (Self.a, Self.b, Self.c)
            try await db.client.query(
                """
                INSERT INTO firm_month VALUES
                  ('2025-01-01', \(a), 9000000000001, 2, 3, 4, 5, 6, 1073741825, 1, 2, 3),
                  ('2025-02-01', \(b), 0, 700, 0, 700, 0, 1, 0, 16, 0, 1),
                  ('2024-12-01', \(c), 5, 5, 5, 5, 1, 1, 1, 1, 0, 0)
                """, logger: db.logger)
            try await db.client.query(
                """
                INSERT INTO flow_edges VALUES
                  ('2025-01-01', \(a), \(b), 123456789012, 7),
                  ('2025-02-01', \(b), \(b), 700, 1),
                  ('2024-12-01', \(c), \(a), 97, 1)
                """, logger: db.logger)
            let window = BuildWindow(asOf: try CalendarDate(parsing: "2025-02-28"), months: 2)
            let input = try await BuildInputStore.load(db, window: window)
            #expect(input.firms.map(\.uscc.code) == [a, b, c].sorted())
            #expect(input.firms.map(\.name) == ["甲公司", "乙公司", "丙公司"])
            #expect(input.firms.map(\.isCore) == [true, false, false])
            let ia = Int32(input.firms.firstIndex { $0.uscc.code == a }!)
            let ib = Int32(input.firms.firstIndex { $0.uscc.code == b }!)
            let months = input.months.sorted { ($0.month, $0.firm) < ($1.month, $1.firm) }
            #expect(
                months == [
                    BuildInput.MonthRow(
                        firm: ia, month: 0,
                        totals: .init(
                            inflow: 9_000_000_000_001, outflow: 2, inflowOutside: 3, outflowOutside: 4, creditCount: 5,
                            debitCount: 6, inflowDays: 1_073_741_825, outflowDays: 1, creditCountOutside: 2,
                            debitCountOutside: 3)),
                    BuildInput.MonthRow(
                        firm: ib, month: 1,
                        totals: .init(
                            outflow: 700, outflowOutside: 700, debitCount: 1, outflowDays: 16, debitCountOutside: 1)),
                ])
            let flows = input.flows.sorted { ($0.month, $0.payer) < ($1.month, $1.payer) }
            #expect(
                flows == [
                    BuildInput.Flow(payer: ia, payee: ib, month: 0, amount: 123_456_789_012, count: 7),
                    BuildInput.Flow(payer: ib, payee: ib, month: 1, amount: 700, count: 1),
                ])
        }
    }

    /// Aggregates that name a firm missing from `firms` (an edited table) stop the build with
    /// an error naming the table and the code, instead of building on a broken graph.
    @Test func aFlowOfAnUnknownFirmIsAnError() async throws {
        try await withTestDatabase { db in
            try await Self.insertFirms(db)
            let stranger = USCC.withCheckCharacter(body: "91500103MA5U000X9")!.code
            try await db.client.query(
                "INSERT INTO flow_edges VALUES ('2025-01-01', \(Self.a), \(stranger), 100, 1)", logger: db.logger)
            let window = BuildWindow(asOf: try CalendarDate(parsing: "2025-01-31"), months: 1)
            do {
                _ = try await BuildInputStore.load(db, window: window)
                Issue.record("the load did not fail")
            } catch let error as StoreError {
                #expect("\(error)".contains("flow_edges refers to firm '\(stranger)'"), "\(error)")
            }
        }
    }
}
