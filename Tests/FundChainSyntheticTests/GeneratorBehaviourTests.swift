import Foundation
import FundChainCore
import FundChainSynthetic
import Testing

/// Determinism, the default rate, and that defaults are visible — but not trivially — in cash flows.
@Suite struct GeneratorBehaviourTests {
    static let files = [
        "firms.csv", "accounts.csv", "transactions.csv", "outcomes.csv", "credit_events.csv", "planted.csv",
        "manifest.json",
    ]

    @Test(arguments: [UInt64(1), 8_675_309])
    func sameSeedGivesByteIdenticalFiles(seed: UInt64) throws {
        let a = try GeneratedDataset.make(firms: 2_500, months: 2, seed: seed)
        let b = try GeneratedDataset.make(firms: 2_500, months: 2, seed: seed)
        let c = try GeneratedDataset.make(firms: 2_500, months: 2, seed: seed + 1)
        defer { a.remove(); b.remove(); c.remove() }
        for name in Self.files {
            #expect(try a.bytes(name) == b.bytes(name), "\(name) differs for the same seed")
        }
        #expect(try a.bytes("transactions.csv") != c.bytes("transactions.csv"))
        #expect(try a.bytes("firms.csv") != c.bytes("firms.csv"))
    }

    @Test(arguments: [UInt64(17), 4_242])
    func defaultRateIsInTheStatedBand(seed: UInt64) throws {
        let data = try GeneratedDataset.make(firms: 4_000, months: 1, seed: seed)
        defer { data.remove() }
        let outcomes = try data.rows("outcomes.csv").dropFirst()
        let defaults = outcomes.filter { $0.fields[1] == "1" }.count
        let rate = Double(defaults) / Double(outcomes.count)
        #expect(rate >= 0.03 && rate <= 0.08, "default rate \(rate)")
        #expect(defaults == data.manifest.defaulted)
    }

    /// An expert scorecard on two cash-flow features — inflow trend (last 3 months against the
    /// first 3) and the number of net-outflow months — must separate defaulters (AUC ≥ 0.70) but
    /// not perfectly (AUC < 0.95). AUC by the Mann–Whitney pair count.
    @Test(arguments: [UInt64(123)])
    func defaultsAreVisibleButNotTriviallyInCashFlows(seed: UInt64) throws {
        let months = 12
        let data = try GeneratedDataset.make(firms: 2_000, months: months, seed: seed, dirtyRate: 0)
        defer { data.remove() }
        var owner: [String: String] = [:]
        for (_, f) in try data.rows("accounts.csv").dropFirst() { owner[f[0] + "/" + f[1]] = f[2] }
        let first = try CalendarDate(parsing: data.manifest.dateFrom).monthIndex
        var inflow: [String: [Double]] = [:], outflow: [String: [Double]] = [:]
        for (_, f) in try data.rows("transactions.csv").dropFirst() {
            guard let firm = owner[f[0] + "/" + f[1]] else { continue }
            let m = try CalendarDate(parsing: f[3]).monthIndex - first
            let yuan = Double(try Money(parsing: f[5]).fen) / 100
            if f[4] == "C" {
                inflow[firm, default: Array(repeating: 0, count: months)][m] += yuan
            } else {
                outflow[firm, default: Array(repeating: 0, count: months)][m] += yuan
            }
        }
        var scored: [(Double, Bool)] = []
        for (_, f) in try data.rows("outcomes.csv").dropFirst() {
            let inc = inflow[f[0]] ?? Array(repeating: 0, count: months)
            let out = outflow[f[0]] ?? Array(repeating: 0, count: months)
            let early = inc[0..<3].reduce(0, +), late = inc[(months - 3)..<months].reduce(0, +)
            let trend = log((late + 1) / (early + 1))
            let netOutflowMonths = zip(inc, out).filter { $0.0 < $0.1 }.count
            scored.append((-trend + 0.15 * Double(netOutflowMonths), f[1] == "1"))
        }
        let positives = scored.filter(\.1).map(\.0), negatives = scored.filter { !$0.1 }.map(\.0)
        var wins = 0.0
        for p in positives { for n in negatives { wins += p > n ? 1 : (p == n ? 0.5 : 0) } }
        let auc = wins / Double(positives.count * negatives.count)
        #expect(auc >= 0.70, "AUC \(auc)")
        #expect(auc < 0.95, "AUC \(auc)")
    }
}
