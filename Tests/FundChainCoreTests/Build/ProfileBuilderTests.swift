import Crypto
import Foundation
import Testing

@testable import FundChainCore

@Suite struct ProfileBuilderTests {
    typealias F = BuildFixture

    static func number(_ table: ProfileTable, _ firm: Int, _ name: String) -> Double? {
        table.value(firm: firm, feature: name).numericValue
    }

    @Test func everyFamilyLandsInTheTable() throws {
        let table = try ProfileBuilder().build(F.input())
        #expect(ProfileCatalog.definitions.count >= 40)
        #expect(Set(ProfileCatalog.definitions.map(\.name)).count == ProfileCatalog.definitions.count)
        // Cash flows: ¥100,000 in during November, ¥10,100 out.
        #expect(Self.number(table, F.k, "inflow_12m_yuan") == 100_000)
        #expect(Self.number(table, F.k, "outflow_3m_yuan") == 10_100)
        #expect(Self.number(table, F.k, "days_since_last_inflow") == 20)  // last inflow on 10 November
        #expect(table.evidence[F.k].lastInflow == CalendarDate(year: 2025, month: 11, day: 10))
        // Counterparties: D paid ¥20,000 of K's ¥100,000 (the outside world counts in the total).
        #expect(Self.number(table, F.k, "top1_customer_share") == 0.2)
        #expect(Self.number(table, F.k, "distinct_customers_12m") == 1)
        #expect(Self.number(table, F.k, "outside_world_share") == 8_000_000.0 / 11_010_000)
        #expect(table.evidence[F.k].topCustomers == [GraphFeatures.Link(firm: Int32(F.d), amount: 2_000_000)])
        #expect(table.evidence[F.k].inflowTotal == 10_000_000)
        // Graph.
        #expect(Self.number(table, F.s2, "chain_tier") == 2)
        #expect(Self.number(table, F.r2, "round_trip_ratio") == 1)
        // Peers: all six are in division C36; K has the most inflow, S1 ties with R2 for second.
        #expect(Self.number(table, F.k, "inflow_12m_yuan_pct_industry") == 100 * 5.5 / 6)
        #expect(Self.number(table, F.s1, "inflow_12m_yuan_pct_industry") == 100 * 2.0 / 6)
        #expect(Self.number(table, F.s1, "inflow_12m_yuan_pct_district") == 100 * 2.0 / 6)
        // The firm itself: founded 1 June 2020, as of 30 November 2025.
        let days = Double(
            CalendarDate(year: 2025, month: 11, day: 30)!.daysSinceEpoch
                - CalendarDate(year: 2020, month: 6, day: 1)!.daysSinceEpoch)
        #expect(Self.number(table, F.k, "firm_age_years") == days / 365.25)
        #expect(Self.number(table, F.k, "is_core") == 1 && Self.number(table, F.s1, "is_core") == 0)
        #expect(table.value(firm: F.k, feature: "industry_division") == .category("C36"))
        #expect(table.value(firm: F.k, feature: "district") == .category("500112"))
    }

    @Test func parallelAndSerialBuildsAgree() throws {
        let serial = try ProfileBuilder(parallelism: 1).build(F.input())
        let parallel = try ProfileBuilder(parallelism: 4).build(F.input())
        for firm in 0..<serial.count { #expect(serial.features(of: firm) == parallel.features(of: firm)) }
    }

    @Test func fingerprintsChangeWithTheFirmsOwnRowsOnly() {
        let base = InputFingerprint.compute(F.input())
        var changed = F.input()
        changed.flows[0].amount += 1  // D → K
        let after = InputFingerprint.compute(changed)
        #expect(base[F.d] != after[F.d] && base[F.k] != after[F.k])
        #expect(base[F.s1] == after[F.s1] && base[F.r2] == after[F.r2])
        #expect(Set(base).count == 6 && base.allSatisfy { $0.count == 64 })
    }

    /// K's fingerprint is the SHA-256 of the lines docs/snapshots.md specifies, written out here.
    @Test func fingerprintIsTheDocumentedLines() {
        let code = F.firms.map(\.uscc.code)
        let lines =
            "firm_month|2025-11|10000000|1010000|8000000|0|1|1|512|1\n"
            + "flow|2025-11|\(code[F.k])|\(code[F.s1])|1000000|1\n"
            + "flow|2025-11|\(code[F.k])|\(code[F.r1])|10000|1\n"
            + "flow|2025-11|\(code[F.d])|\(code[F.k])|2000000|1\n"
        let expected = SHA256.hash(data: Array(lines.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(InputFingerprint.compute(F.input())[F.k] == expected)
        #expect(InputFingerprint.compute(F.input(), parallelism: 3) == InputFingerprint.compute(F.input()))
    }

    @Test func windowCountsCompleteMonthsOnly() {
        let endOfMonth = BuildWindow(asOf: CalendarDate(year: 2025, month: 11, day: 30)!, months: 12)
        let midMonth = BuildWindow(asOf: CalendarDate(year: 2025, month: 11, day: 29)!, months: 12)
        #expect(endOfMonth.lastMonth == CalendarDate(year: 2025, month: 11, day: 1)!.monthIndex)
        #expect(midMonth.lastMonth == endOfMonth.lastMonth - 1)
        #expect(endOfMonth.firstMonth == CalendarDate(year: 2024, month: 12, day: 1)!.monthIndex)
        #expect(endOfMonth.lastDay == CalendarDate(year: 2025, month: 11, day: 30))
    }
}
