import Foundation
import FundChainCore
import Testing

@testable import FundChainReports

/// `fundchain report challenger`'s layout on the four firms of `ReportFixture`'s current build,
/// with one challenger whose scores are made up so that every figure is worked out by hand; and
/// the body reader that finds the challengers' scores.
struct ChallengerReportTests {
    static let champion = ChallengerBatch.Model(
        id: "sme-cashflow", version: "1", sha256: String(repeating: "a", count: 64), grades: ["A", "B", "C"])
    static let challenger = ChallengerBatch.Model(
        id: "sme-cashflow", version: "2", sha256: String(repeating: "b", count: 64), grades: ["A", "B", "C"])

    /// Firms in USCC order f3, f1, f2, f4. Champion (from the fixture): 540 C 0.12, 650 A 0.01,
    /// 600 B 0.03, 560 C 0.08. Challenger: 610 B 0.04, 660 A 0.005, 570 C 0.10, 530 C 0.20.
    static func batch() -> ChallengerBatch {
        let firms = ReportFixture.current.firms.sorted { $0.uscc < $1.uscc }
        let scores: [ChallengerBatch.Score] = [
            .init(points: 610, pd: 0.04, grade: "B"), .init(points: 660, pd: 0.005, grade: "A"),
            .init(points: 570, pd: 0.10, grade: "C"), .init(points: 530, pd: 0.20, grade: "C"),
        ]
        return ChallengerBatch(
            id: 7, asOf: CalendarDate(year: 2025, month: 11, day: 30)!, champion: champion, challengers: [challenger],
            firms: firms, scores: [scores])
    }

    /// f2 and f4 defaulted within the horizon, f3 was in default already.
    static func outcomes() throws -> ChallengerReport.Outcomes {
        let population = BacktestPopulation(
            asOf: CalendarDate(year: 2025, month: 11, day: 30)!, horizonMonths: 12,
            defaults: [
                ReportFixture.f3: try CalendarDate(parsing: "2025-10-01"),
                ReportFixture.f2: try CalendarDate(parsing: "2026-02-01"),
                ReportFixture.f4: try CalendarDate(parsing: "2026-05-01"),
            ])
        return .init(population: population, observedMonths: 12)
    }

    @Test func distributionsMigrationAndBacktestSideBySide() throws {
        let report = ChallengerReport.build(Self.batch(), outcomes: try Self.outcomes())
        let json = try JSONValue(parsing: Array(try report.rendered(as: .json).utf8))
        let models = try #require(json["models"]?.arrayValue)
        #expect(models.map { $0["role"]?.stringValue } == ["champion", "challenger_1"])
        // Champion: 540, 560, 600, 650: mean 587.5, p10 540 (rank 1), median 560 (rank 2), p90 650 (rank 4).
        #expect(models[0]["mean_points"] == .double(587.5) && models[0]["p10"] == .int(540))
        #expect(models[0]["p50"] == .int(560) && models[0]["p90"] == .int(650))
        // Challenger: 530, 570, 610, 660: mean 592.5, median 570.
        #expect(
            models[1]["mean_points"] == .double(592.5) && models[1]["p50"] == .int(570) && models[1]["firms"] == .int(4)
        )

        let grades = try #require(report.section("grades")?.table)
        // A: 1 and 1; B: 1 (f2) and 1 (f3); C: 2 (f3, f4) and 2 (f2, f4).
        #expect(grades.column("champion_firms") == [.int(1), .int(1), .int(2)])
        #expect(grades.column("challenger_1_firms") == [.int(1), .int(1), .int(2)])
        #expect(grades.column("champion_share") == [.percent(0.25), .percent(0.25), .percent(0.5)])

        // f3 C→B (better), f1 A→A, f2 B→C (worse), f4 C→C.
        let migration = try #require(report.section("migration_1"))
        #expect(migration.table?.rows == [["A", 1, 0, 0], ["B", 0, 0, 1], ["C", 0, 1, 1]])
        #expect(migration.note?.hasPrefix("2 firms graded the same, 1 better and 1 worse by sme-cashflow v2.") == true)

        // Population f1, f2, f4 (f3 left out); defaulters f2, f4. Champion PDs: f1 0.01, f2 0.03,
        // f4 0.08: both defaulters above f1, AUC 1. Challenger: f1 0.005, f2 0.10, f4 0.20: AUC 1.
        let backtest = try #require(json["backtest"]?.arrayValue)
        #expect(
            backtest.map { $0["firms"] } == [.int(3), .int(3)] && backtest.map { $0["defaults"] } == [.int(2), .int(2)])
        #expect(backtest.map { $0["auc"] } == [.int(1), .int(1)] && backtest.map { $0["gini"] } == [.int(1), .int(1)])
        #expect(report.section("backtest")?.note?.contains("(1 left out)") == true)
        #expect(json["facts"]?["observed_months"]?.stringValue == "12 months (complete)")
    }

    @Test func aRankingThatDiffersShowsInTheAUC() throws {
        var batch = Self.batch()
        // The challenger ranks f1 (0.5) above the defaulters f2 (0.1) and f4 (0.2): AUC 0.
        batch.scores[0][1].pd = 0.5
        let report = ChallengerReport.build(batch, outcomes: try Self.outcomes())
        #expect(report.section("backtest")?.table?.column("auc") == [.number(1, digits: 4), .number(0, digits: 4)])
    }

    @Test func filtersAndMissingOutcomes() throws {
        let report = ChallengerReport.build(
            Self.batch(), filter: ReportFilter(region: try RegionCode("500103")), outcomes: nil)
        // Only f3 is in district 500103: 540 for the champion, 610 for the challenger.
        let table = try #require(report.section("models")?.table)
        #expect(table.column("firms") == [.int(1), .int(1)] && table.column("p50") == [.int(540), .int(610)])
        #expect(report.section("backtest")?.table == nil)
        #expect(report.section("backtest")?.note?.contains("No credit event shows a default") == true)
        for format in ReportFormat.allCases {
            #expect(!(try report.rendered(as: format, table: format == .csv ? "models" : nil)).isEmpty)
        }
    }

    @Test func theReaderFindsEachChallengerByItsModel() {
        let body =
            #"{"as_of":"2025-11-30","challengers":[{"grade":"C","model":{"id":"x","sha256":"S3","version":"1"},"pd":0.25,"points":520},{"grade":"A","model":{"id":"y","sha256":"S2","version":"2"},"pd":0.001,"points":700}],"features":{"a":1}}"#
        func read(_ models: [String]) -> [ChallengerBatch.Score]? {
            Array(body.utf8).withUnsafeBytes { ChallengerBodyReader(models: models).read($0) }
        }
        #expect(
            read(["S2", "S3"]) == [.init(points: 700, pd: 0.001, grade: "A"), .init(points: 520, pd: 0.25, grade: "C")])
        #expect(read(["S2", "S4"]) == nil, "a challenger the body lacks")
        let plain = #"{"as_of":"2025-11-30","features":{"a":1}}"#
        #expect(Array(plain.utf8).withUnsafeBytes { ChallengerBodyReader(models: ["S2"]).read($0) } == nil)
    }
}
