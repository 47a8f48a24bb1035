import Foundation
import FundChainCore
import FundChainSynthetic
import Testing

/// credit_events.csv read back with rules written here: every event names a firm, one of its
/// banks and a unique reference; defaults agree with outcomes.csv; long windows have defaults
/// inside them, at about the same rate per 12 months, preceded by distress and followed by quiet.
@Suite struct CreditEventFileTests {
    /// Each firm's first default date (a default, overdue_90 or written_off event, by hand).
    static func firstDefaults(_ data: GeneratedDataset) throws -> [String: CalendarDate] {
        var first: [String: CalendarDate] = [:]
        for (_, f) in try data.rows("credit_events.csv").dropFirst() where f[1] != "restructured" {
            let date = try CalendarDate(parsing: f[2])
            if first[f[0]].map({ date < $0 }) ?? true { first[f[0]] = date }
        }
        return first
    }

    @Test(arguments: [UInt64(7), 2_025])
    func eventsAreValidAndAgreeWithOutcomes(seed: UInt64) throws {
        let data = try GeneratedDataset.make(firms: 1_500, months: 12, seed: seed)
        defer { data.remove() }
        let rows = try data.rows("credit_events.csv")
        #expect(rows[0].fields == ["uscc", "event", "event_date", "bank", "reference"])
        var banks: [String: Set<String>] = [:]
        for (_, f) in try data.rows("accounts.csv").dropFirst() { banks[f[2], default: []].insert(f[0]) }
        let windowEnd = try CalendarDate(parsing: data.manifest.dateTo)
        let until = try CalendarDate(parsing: data.manifest.eventsUntil)
        #expect(data.manifest.eventsUntil == "2026-11-30")
        var references: Set<String> = [], kinds: [String: Int] = [:]
        var previous: (String, CalendarDate)?
        for (_, f) in rows.dropFirst() {
            #expect(f.count == 5)
            let date = try CalendarDate(parsing: f[2])
            #expect(date <= until)
            #expect(["default", "overdue_90", "restructured", "written_off"].contains(f[1]))
            #expect(banks[f[0]]?.contains(f[3]) == true, "the reporting bank is one of the firm's")
            #expect(references.insert(f[4]).inserted, "reference \(f[4]) repeats")
            if let previous, previous.0 == f[0] { #expect(previous.1 <= date, "by firm, then date") }
            previous = (f[0], date)
            kinds[f[1], default: 0] += 1
            // A 12-month window has no defaults inside it: its defaults all come after.
            if f[1] != "restructured" { #expect(date > windowEnd) }
        }
        #expect(kinds == data.manifest.creditEvents)
        #expect(rows.count - 1 == data.manifest.files["credit_events.csv"]?.rows)
        #expect(kinds["restructured", default: 0] > 0 && kinds["overdue_90", default: 0] > 0)

        let first = try Self.firstDefaults(data)
        let outcomes = try data.rows("outcomes.csv").dropFirst()
        for (_, f) in outcomes { #expect((f[1] == "1") == (first[f[0]] != nil), "\(f[0])") }
        #expect(first.count == data.manifest.defaulted && data.manifest.defaultsInWindow == 0)
    }

    /// `--months 30`: scoring after month 12 and after month 18 each see 12 observed months with
    /// about the usual default rate among firms not yet in default; defaulters inside the window
    /// show falling inflows before the default and go quiet after it.
    @Test(arguments: [UInt64(30)])
    func longWindowsHaveDefaultsInsideThemForTwoScoringDates(seed: UInt64) throws {
        let months = 30
        let data = try GeneratedDataset.make(firms: 1_500, months: months, seed: seed, dirtyRate: 0)
        defer { data.remove() }
        let start = try CalendarDate(parsing: data.manifest.dateFrom)
        #expect(data.manifest.dateFrom == "2023-06-01" && data.manifest.eventsUntil == "2026-11-30")
        let first = try Self.firstDefaults(data)
        #expect(
            data.manifest.defaultsInWindow > 0
                && data.manifest.defaultsInWindow + data.manifest.defaultsAfterWindow == first.count)
        let outcomes = try data.rows("outcomes.csv").dropFirst()
        #expect(
            outcomes.filter { $0.fields[1] == "1" }.count == first.count,
            "outcomes: in default by the end of the 12 months after")
        // The two scoring dates: the last days of months 12 and 18 of the window.
        for m in [12, 18, 30] {
            let asOf = start.addingMonths(m).adding(days: -1), end = start.addingMonths(m + 12).adding(days: -1)
            let atRisk = outcomes.count - first.values.filter { $0 <= asOf }.count
            let defaults = first.values.filter { $0 > asOf && $0 <= end }.count
            let rate = Double(defaults) / Double(atRisk)
            #expect(rate >= 0.03 && rate <= 0.08, "as of \(asOf): \(defaults) of \(atRisk) = \(rate)")
        }
        #expect(first.values.allSatisfy { $0 >= start.addingMonths(12) }, "a year of statements before any default")

        // Inflows by firm and month, and the last month with any entry.
        var owner: [String: String] = [:]
        for (_, f) in try data.rows("accounts.csv").dropFirst() { owner[f[0] + "/" + f[1]] = f[2] }
        var inflow: [String: [Double]] = [:], lastActive: [String: Int] = [:]
        for (_, f) in try data.rows("transactions.csv").dropFirst() {
            guard let firm = owner[f[0] + "/" + f[1]] else { continue }
            let m = try CalendarDate(parsing: f[3]).monthIndex - start.monthIndex
            lastActive[firm] = max(lastActive[firm] ?? 0, m)
            let fen = try Money(parsing: f[5]).fen
            if f[4] == "C" { inflow[firm, default: Array(repeating: 0, count: months)][m] += Double(fen) }
        }
        var before = 0.0, earlier = 0.0, quiet = 0, inside = 0
        for (firm, date) in first where date.monthIndex - start.monthIndex < months {
            let d = date.monthIndex - start.monthIndex
            inside += 1
            let series = inflow[firm] ?? Array(repeating: 0, count: months)
            before += series[(d - 3)..<d].reduce(0, +)
            earlier += series[(d - 12)..<(d - 9)].reduce(0, +)
            if d + 2 < months { quiet += (lastActive[firm] ?? 0) <= d + 1 ? 1 : 0 } else { quiet += 1 }
        }
        #expect(inside == data.manifest.defaultsInWindow)
        #expect(before < 0.8 * earlier, "inflows before defaults inside the window fall: \(before) vs \(earlier)")
        #expect(quiet == inside, "accounts go quiet two months after a default inside the window")
    }
}
