import Foundation
import FundChainCore
import Testing

@testable import FundChainReports

/// The outcome of warnings (`WarningOutcomes`) on small inputs worked out by hand; Jeffreys
/// bounds from scipy 1.17.1, `scipy.stats.beta.ppf(q, d + 0.5, n - d + 0.5)` for q = 0.025 and
/// 0.975 (0 below when d = 0, 1 above when d = n).
struct WarningOutcomesTests {
    static func day(_ text: String) -> CalendarDate { try! CalendarDate(parsing: text) }

    /// F01–F06 in district 500112 (C3670), F07–F12 in 500105 (G5431).
    static let firms = (1...12).map { i in
        WarningOutcomes.Firm(
            uscc: String(format: "F%02d", i), region: i <= 6 ? "500112001" : "500105002",
            industry: i <= 6 ? "C3670" : "G5431")
    }

    /// Build 7 as of 2025-06-30 (horizon to 2026-06-30) scored all twelve; build 8 as of
    /// 2026-09-30 scored F05 and F07–F10; build 9 as of 2026-11-30.
    static let builds = [
        WarningOutcomes.Build(id: 8, asOf: day("2026-09-30"), firms: [firms[4]] + firms[6...9]),
        WarningOutcomes.Build(id: 7, asOf: day("2025-06-30"), firms: firms),
        WarningOutcomes.Build(id: 9, asOf: day("2026-11-30"), firms: firms),
    ]

    /// F01 before build 7's as-of date, F02 on it (both already in default), F03 the day after,
    /// F04 on the horizon's last day, F05 the day after it, F06 within, F08 after build 7's
    /// horizon but within build 8's.
    static let defaults: [String: CalendarDate] = [
        "F01": day("2025-03-01"), "F02": day("2025-06-30"), "F03": day("2025-07-01"), "F04": day("2026-06-30"),
        "F05": day("2026-07-01"), "F06": day("2025-12-15"), "F08": day("2026-10-15"),
    ]

    static let warnings =
        [
            ("F01", "grade_fell"), ("F03", "grade_fell"), ("F04", "grade_fell"), ("F07", "grade_fell"),
            ("F03", "score_drop"), ("F05", "score_drop"), ("F06", "inflow_collapse"),
        ].map { WarningOutcomes.Warned(batchID: 7, uscc: $0.0, kind: $0.1) }
        + [("F08", "joined_cycle"), ("F09", "joined_cycle"), ("F05", "score_drop")].map {
            WarningOutcomes.Warned(batchID: 8, uscc: $0.0, kind: $0.1)
        } + [WarningOutcomes.Warned(batchID: 9, uscc: "F10", kind: "grade_fell")]

    static let today = day("2026-12-01")

    static func outcomes(_ filter: ReportFilter = .init(), creditEvents: Int = 9) -> WarningOutcomes {
        WarningOutcomes(
            builds: builds, warnings: warnings, defaults: defaults, creditEvents: creditEvents, horizonMonths: 12,
            today: today, filter: filter)
    }

    /// (build, kind, warned, defaulted, firms, firms defaulted)
    static func counts(_ o: WarningOutcomes) -> [String] {
        o.rows.map { "\($0.batchID) \($0.kind ?? "all") \($0.warned) \($0.defaulted) \($0.firms) \($0.firmsDefaulted)" }
    }

    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        a.map { abs($0 - b) <= tolerance } ?? false
    }

    @Test func countsLeaveOutFirmsAlreadyInDefaultAndCountAFirmOnceInTheTotal() {
        let o = Self.outcomes()
        // Build 7: population F03–F12 (10), defaulted F03, F04, F06 (F05 and F08 after the horizon).
        // grade_fell F03 F04 F07 (F01 left out): 2 of 3; score_drop F03 F05: 1 of 2; inflow_collapse
        // F06: 1 of 1; all F03 F04 F05 F06 F07: 3 of 5 (F03 warned twice, counted once).
        // Build 8: population F07–F10 (F05 already in default), F08 defaulted; score_drop only F05.
        #expect(
            Self.counts(o) == [
                "7 grade_fell 3 2 10 3", "7 score_drop 2 1 10 3", "7 inflow_collapse 1 1 10 3",
                "7 joined_cycle 0 0 10 3", "7 all 5 3 10 3",
                "8 grade_fell 0 0 4 1", "8 score_drop 0 0 4 1", "8 inflow_collapse 0 0 4 1",
                "8 joined_cycle 2 1 4 1", "8 all 2 1 4 1",
            ])
        // Build 9 (as of 2026-11-30): its first month ends 2026-12-31, after today.
        #expect(o.pending == [.init(batchID: 9, asOf: Self.day("2026-11-30"))])
    }

    @Test func hitRateBaseRateLiftAndJeffreysBounds() throws {
        let rows = Self.outcomes().rows
        func row(_ batch: Int64, _ kind: String?) throws -> WarningOutcomes.Row {
            try #require(rows.first { $0.batchID == batch && $0.kind == kind })
        }
        let gradeFell = try row(7, "grade_fell")
        #expect(Self.close(gradeFell.hitRate, 2.0 / 3) && Self.close(gradeFell.baseRate, 0.3))
        #expect(Self.close(gradeFell.lift, (2.0 / 3) / 0.3))
        #expect(Self.close(gradeFell.hitInterval?.low, 0.17673609713125732, 1e-9))
        #expect(Self.close(gradeFell.hitInterval?.high, 0.9612523822148348, 1e-9))
        let scoreDrop = try row(7, "score_drop")
        #expect(Self.close(scoreDrop.hitRate, 0.5) && Self.close(scoreDrop.lift, 0.5 / 0.3))
        #expect(Self.close(scoreDrop.hitInterval?.low, 0.06083027592009732, 1e-9))
        #expect(Self.close(scoreDrop.hitInterval?.high, 0.9391697240799026, 1e-9))
        let collapse = try row(7, "inflow_collapse")  // 1 of 1: the upper end is 1
        #expect(Self.close(collapse.hitRate, 1) && Self.close(collapse.lift, 1 / 0.3))
        #expect(Self.close(collapse.hitInterval?.low, 0.14674631630957513, 1e-9) && collapse.hitInterval?.high == 1)
        let all = try row(7, nil)
        #expect(Self.close(all.hitRate, 0.6) && Self.close(all.lift, 2))
        #expect(Self.close(all.hitInterval?.low, 0.20941666407600484, 1e-9))
        #expect(Self.close(all.hitInterval?.high, 0.905609672655656, 1e-9))
        let cycle = try row(7, "joined_cycle")  // nobody warned: no rate, no interval, no lift
        #expect(
            cycle.hitRate == nil && cycle.hitInterval == nil && cycle.lift == nil && Self.close(cycle.baseRate, 0.3))
        let joined = try row(8, "joined_cycle")
        #expect(Self.close(joined.hitRate, 0.5) && Self.close(joined.baseRate, 0.25) && Self.close(joined.lift, 2))
    }

    @Test func aHorizonNotFullyPassedReportsTheMonthsObserved() {
        let o = Self.outcomes()
        // Build 7: 2025-06-30 + 12 months = 2026-06-30 ≤ today. Build 8: month ends 2026-10-31 and
        // 2026-11-30 have passed by 2026-12-01, 2026-12-31 has not.
        #expect(Set(o.rows.filter { $0.batchID == 7 }.map(\.observedMonths)) == [12])
        #expect(Set(o.rows.filter { $0.batchID == 8 }.map(\.observedMonths)) == [2])
        let later = WarningOutcomes(
            builds: Self.builds, warnings: Self.warnings, defaults: Self.defaults, creditEvents: 9, horizonMonths: 12,
            today: Self.day("2026-12-31"))
        #expect(later.pending.isEmpty && Set(later.rows.filter { $0.batchID == 9 }.map(\.observedMonths)) == [1])
    }

    @Test func filtersApplyToWarnedFirmsAndThePopulationAlike() throws {
        // District 500112: population F03–F06, defaulted F03 F04 F06. Build 8 holds only F05 there
        // (already in default): an empty population, no base rate.
        let district = Self.outcomes(ReportFilter(region: try RegionCode("500112")))
        #expect(
            Self.counts(district).filter { $0.hasPrefix("7 ") } == [
                "7 grade_fell 2 2 4 3", "7 score_drop 2 1 4 3", "7 inflow_collapse 1 1 4 3", "7 joined_cycle 0 0 4 3",
                "7 all 4 3 4 3",
            ])
        #expect(district.rows.first { $0.batchID == 7 && $0.kind == nil }?.lift == 1)
        #expect(
            district.rows.filter { $0.batchID == 8 }.allSatisfy {
                $0.firms == 0 && $0.baseRate == nil && $0.lift == nil
            })
        // Industry G (F07–F12): no defaults in build 7's population: hit rate 0, no lift.
        let trade = Self.outcomes(ReportFilter(industry: try IndustryCode("G")))
        let gradeFell = try #require(trade.rows.first { $0.batchID == 7 && $0.kind == "grade_fell" })
        #expect(gradeFell.warned == 1 && gradeFell.hitRate == 0 && gradeFell.baseRate == 0 && gradeFell.lift == nil)
        #expect(gradeFell.hitInterval?.low == 0 && Self.close(gradeFell.hitInterval?.high, 0.8532536836904248, 1e-9))
    }

    @Test func theReportCarriesTheOutcomesInEveryFormat() throws {
        let report = WarningsReport.build(
            ReportFixture.current, previous: ReportFixture.previous, warnings: [], scoreDrop: 30,
            outcomes: Self.outcomes())
        let json = try JSONValue(parsing: Array(try report.rendered(as: .json).utf8))
        let rows = try #require(json["outcomes"]?.arrayValue)
        #expect(rows.count == 10)
        let all = try #require(rows.first { $0["batch"]?.intValue == 7 && $0["kind"]?.stringValue == "all" })
        #expect(all["as_of"]?.stringValue == "2025-06-30" && all["observed_months"]?.intValue == 12)
        #expect(all["warned"]?.intValue == 5 && all["defaulted"]?.intValue == 3)
        #expect(all["firms"]?.intValue == 10 && all["firms_defaulted"]?.intValue == 3)
        for (key, value) in [
            ("hit_rate", 0.6), ("hit_low", 0.209417), ("hit_high", 0.905610), ("base_rate", 0.3), ("lift", 2),
        ] {
            #expect(Self.close(all[key]?.doubleValue, value, 1e-9), "\(key)")
        }
        let silent = try #require(
            rows.first { $0["batch"]?.intValue == 7 && $0["kind"]?.stringValue == "joined_cycle" })
        #expect(silent["hit_rate"] == .null && silent["lift"] == .null)
        #expect(json["facts"]?["outcome_horizon"]?.stringValue == "12 months")
        let csv = try report.rendered(as: .csv, table: "outcomes").split(separator: "\n")
        #expect(
            csv[0]
                == "batch,as_of,observed_months,kind,warned,defaulted,hit_rate,hit_low,hit_high,firms,firms_defaulted,base_rate,lift"
        )
        #expect(csv[5] == "7,2025-06-30,12,all,5,3,0.600000,0.209417,0.905610,10,3,0.300000,2.0000")
        let table = try report.rendered(as: .table)
        #expect(table.contains("The horizon has not fully passed for build(s) 8"))
        #expect(table.contains("Not a month old, no outcome yet: build 9 (as of 2026-11-30)."))
        for format in [ReportFormat.markdown, .html] {
            #expect(try report.rendered(as: format).contains("Outcomes: did warned firms default?"), "\(format)")
        }
        // The chart: the newest build whose horizon has passed.
        #expect(try report.rendered(as: .html).contains("lift in build 7"))
    }

    @Test func withoutCreditEventsTheReportSaysSo() throws {
        let none = Self.outcomes(creditEvents: 0)
        #expect(none.rows.isEmpty && none.pending.isEmpty)
        let report = WarningsReport.build(
            ReportFixture.current, previous: ReportFixture.previous, warnings: [], scoreDrop: 30, outcomes: none)
        let section = try #require(report.section("outcomes"))
        #expect(
            section.note?.hasPrefix("No credit events have been imported") == true
                && section.table?.rows.isEmpty == true)
        #expect(
            try JSONValue(parsing: Array(try report.rendered(as: .json).utf8))["outcomes"]?.arrayValue?.isEmpty == true)
    }
}
