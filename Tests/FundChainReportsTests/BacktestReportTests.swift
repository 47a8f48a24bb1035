import Foundation
import FundChainCore
import Testing

@testable import FundChainReports

/// `fundchain report backtest`'s layout: what the JSON promises programs, and the tables.
struct BacktestReportTests {
    /// 600 seeded firms over five grades, defaults drawn at about their PDs; two districts.
    static func report(observedMonths: Int = 12) -> Report {
        var rng = SeededRandom(seed: 11)
        let grades = [("A", 0.002), ("BBB", 0.006), ("BB", 0.02), ("B", 0.05), ("CCC", 0.15)]
        let observations = (0..<600).map { i in
            let (grade, pd) = grades[i % grades.count]
            let firmPD = pd * (0.6 + 0.8 * rng.unit())
            return Backtest.Observation(
                uscc: "F\(i)", grade: grade, pd: firmPD, defaulted: rng.unit() < firmPD,
                segments: ["district": i % 3 == 0 ? "500112" : "500105", "division": "C"])
        }
        let backtest = Backtest(observations, gradeOrder: ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"])
        return BacktestReport.make(
            backtest,
            context: .init(
                batchID: 4, asOf: CalendarDate(year: 2025, month: 6, day: 30)!, model: "sme-cashflow-v1 1.0.0",
                horizonMonths: 12, observedMonths: observedMonths, alreadyInDefault: 3))
    }

    @Test func jsonCarriesTheHeadlineFiguresAndTheGrades() throws {
        let json = try JSONValue(parsing: Array(try Self.report().rendered(as: .json).utf8))
        for key in ["auc", "auc_low", "auc_high", "ks", "gini", "firms", "defaults"] {
            #expect(json[key] != nil && json[key] != .null, "\(key)")
        }
        #expect(json["firms"]?.intValue == 600)
        let grades = try #require(json["grades"]?.arrayValue)
        #expect(grades.count == 9)
        let bb = try #require(grades.first { $0["grade"]?.stringValue == "BB" })
        for key in [
            "firms", "defaults", "observed_rate", "predicted_pd", "jeffreys_low", "jeffreys_high", "within_interval",
        ] {
            #expect(bb[key] != nil && bb[key] != .null, "grades[BB].\(key)")
        }
        #expect(grades.first?["observed_rate"] == .null, "an empty grade has no rate")
        #expect(json["facts"]?["observed_months"]?.stringValue == "12 months (complete)")
    }

    @Test func anUnfinishedHorizonSaysSo() throws {
        let text = try Self.report(observedMonths: 5).rendered(as: .table)
        #expect(text.contains("5 of 12 months: the horizon has not passed"))
    }

    @Test func everyFormatRenders() throws {
        let report = Self.report()
        for format in ReportFormat.allCases {
            let out = try report.rendered(as: format, table: format == .csv ? "grades" : nil)
            #expect(!out.isEmpty, "\(format)")
        }
        let html = try report.rendered(as: .html)
        #expect(html.contains("aria-label=\"curve: share of defaulters against share of non-defaulters\""))
        #expect(html.contains("aria-label=\"calibration: predicted and observed rate per grade\""))
    }
}

/// A small deterministic generator for test data (SplitMix64).
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
