@testable import FundChainCore

/// A six-firm economy small enough to check every graph feature by hand (amounts in fen, all in
/// the window's last month):
///
///     D ──2,000,000──▶ K (core) ──1,000,000──▶ S1 ──400,000──▶ S2 ──2,000,000──▶ R1 ──2,000,000──▶ R2
///                      K ──10,000──▶ R1                        S2 ◀──1,500,000── R2
///
/// Outside-world inflow: K 8,000,000, S1 1,000,000, D 3,000,000.
enum BuildFixture {
    static let names = ["K", "S1", "S2", "D", "R1", "R2"]
    static let k = 0, s1 = 1, s2 = 2, d = 3, r1 = 4, r2 = 5

    static let firms: [Firm] = names.enumerated().map { i, name in
        Firm(
            uscc: USCC.withCheckCharacter(body: "915001000000000\(i + 1)0")!, name: "重庆\(name)有限公司",
            industry: try! IndustryCode(i == 0 ? "C3611" : "C3670"), region: try! RegionCode("500112002"),
            foundedOn: CalendarDate(year: 2020, month: 6, day: 1)!, isCore: i == 0)
    }

    static let flows: [(Int, Int, Int64)] = [
        (d, k, 2_000_000), (k, s1, 1_000_000), (s1, s2, 400_000), (s2, r1, 2_000_000), (r1, r2, 2_000_000),
        (r2, s2, 1_500_000), (k, r1, 10_000),
    ]
    static let outsideInflow: [Int64] = [8_000_000, 1_000_000, 0, 3_000_000, 0, 0]

    static var window: BuildWindow { BuildWindow(asOf: CalendarDate(year: 2025, month: 11, day: 30)!, months: 12) }

    /// Inflow and outflow of each firm, outside world included.
    static var inflow: [Int64] {
        var totals = outsideInflow
        for (_, payee, amount) in flows { totals[payee] += amount }
        return totals
    }

    static var outflow: [Int64] {
        var totals = [Int64](repeating: 0, count: names.count)
        for (payer, _, amount) in flows { totals[payer] += amount }
        return totals
    }

    static func input(previousPD: [Double?]? = nil) -> BuildInput {
        let inflow = self.inflow, outflow = self.outflow
        let months = names.indices.map { f in
            BuildInput.MonthRow(
                firm: Int32(f), month: 11,
                totals: .init(
                    inflow: inflow[f], outflow: outflow[f], inflowOutside: outsideInflow[f], creditCount: 1,
                    debitCount: 1,
                    inflowDays: 1 << 9, outflowDays: 1))
        }
        let flows = self.flows.map {
            BuildInput.Flow(payer: Int32($0.0), payee: Int32($0.1), month: 11, amount: $0.2, count: 1)
        }
        // Sorted by USCC already: the bodies differ only in the 16th character, 1…6.
        return BuildInput(window: window, firms: firms, months: months, flows: flows, previousPD: previousPD)
    }
}
