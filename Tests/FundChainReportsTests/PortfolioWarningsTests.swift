import Foundation
import FundChainCore
import Testing

@testable import FundChainReports

/// Portfolio, PSI and warnings on `ReportFixture`; PSI references computed with Python
/// (`math.log`, the formula of docs/reports.md), the rest by hand.
struct PortfolioWarningsTests {
    @Test func scoreAndPDDistributions() throws {
        let report = PortfolioReport.build(ReportFixture.current, previous: ReportFixture.previous)
        // Now 540 560 600 650, before 560 600 640 660; bins of 20 from 540 to 679.
        #expect(
            try ReportFixture.csv(report, "scores") == [
                "bin,firms,share,previous_firms,previous_share",
                "540–559,1,0.2500,0,0.0000",
                "560–579,1,0.2500,1,0.2500",
                "580–599,0,0.0000,0,0.0000",
                "600–619,1,0.2500,1,0.2500",
                "620–639,0,0.0000,0,0.0000",
                "640–659,1,0.2500,1,0.2500",
                "660–679,0,0.0000,1,0.2500",
            ])
        // PD now 0.12 0.01 0.03 0.08; before 0.07 0.03 0.008 0.012.
        #expect(
            try ReportFixture.csv(report, "pd") == [
                "bin,firms,share,previous_firms,previous_share",
                "< 0.1%,0,0.0000,0,0.0000",
                "0.1%–0.5%,0,0.0000,0,0.0000",
                "0.5%–1%,0,0.0000,1,0.2500",
                "1%–2%,1,0.2500,1,0.2500",
                "2%–5%,1,0.2500,1,0.2500",
                "5%–10%,1,0.2500,1,0.2500",
                "10%–20%,1,0.2500,0,0.0000",
                "20%–50%,0,0.0000,0,0.0000",
                "≥ 50%,0,0.0000,0,0.0000",
            ])
    }

    @Test func gradeMigrationMatrix() throws {
        let report = PortfolioReport.build(ReportFixture.current, previous: ReportFixture.previous)
        // F1 A→A, F2 A→B, F3 B→C, F5 B→gone, F4 new→C.
        #expect(
            try ReportFixture.csv(report, "migration") == [
                "from_grade,to_A,to_B,to_C,to_gone",
                "A,1,1,0,0",
                "B,0,0,1,1",
                "C,0,0,0,0",
                "new,0,0,1,0",
            ])
        #expect(report.section("migration")?.note?.hasPrefix("0 firms upgraded, 2 downgraded.") == true)
        guard case .heatmap(let heatmap)? = report.section("migration")?.chart else {
            Issue.record("no heatmap")
            return
        }
        #expect(heatmap.counts == [[1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 1, 0]])
    }

    @Test func stabilityOfScoreAndIndustryMix() throws {
        let report = PortfolioReport.build(ReportFixture.current, previous: ReportFixture.previous)
        let lines = try ReportFixture.csv(report, "psi")
        // Score: previous deciles cut at 560 600 640 660; expected counts [1,1,1,1], actual
        // [2,1,0,1]: PSI 2.1285158932529735 (Python).
        #expect(lines[1] == "score,4,2.1285,significant shift")
        // Divisions before G54 G54 C36 C36, now G54 C36 C36 C36: PSI 0.25·ln 1.5 + 0.25·ln 2 = 0.2747.
        #expect(lines.contains("industry_division,2,0.2747,significant shift"))
        #expect(lines.count == 1 + 1 + ReportFixture.featureNames.count + 2)
        let only = PortfolioReport.build(ReportFixture.current, previous: nil)
        #expect(only.section("psi") == nil)
        #expect(only.section("migration")?.note == "No previous build to compare with.")
        #expect(try ReportFixture.csv(only, "scores")[0] == "bin,firms,share")
    }

    @Test func psiAgainstPythonReference() {
        // Reference 1…20: cuts 2 4 … 18; current 1 2 3 15 16 17 18 19 20 25 and a missing value.
        let reference = (1...20).map { Double?(Double($0)) }
        let current: [Double?] = [1, 2, 3, 15, 16, 17, 18, 19, 20, 25, nil]
        let binning = PopulationStability(reference: reference)
        #expect(binning.cuts == [2, 4, 6, 8, 10, 12, 14, 16, 18])
        #expect(binning.counts(reference) == [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0])
        #expect(binning.counts(current) == [2, 1, 0, 0, 0, 0, 0, 2, 2, 3, 1])
        let (psi, bins) = PopulationStability.index(reference: reference, current: current)
        #expect(abs(psi - 4.389961610617988) < 1e-12)
        #expect(bins == 11)
        #expect(abs(PopulationStability.index(expected: [3, 1], actual: [1, 3]) - 1.0986122886681098) < 1e-12)
        #expect(PopulationStability.index(reference: reference, current: reference).psi == 0)
        #expect(PopulationStability.verdict(0.0999) == "stable" && PopulationStability.verdict(0.25) == "shift")
    }

    @Test func warningsFromTwoBuilds() {
        let warnings = WarningDetector(scoreDrop: 30).detect(ReportFixture.current, previous: ReportFixture.previous)
        // F3: B→C, inflow growth −0.2 → −0.6, cycles 0 → 2 (score 560→540 is only −20).
        // F2: A→B and 640→600 (−40 > 30). F1 −10 points, same grade. F4 is new.
        #expect(
            warnings == [
                EarlyWarning(uscc: ReportFixture.f3, kind: .gradeFell, detail: "B → C", before: 1, after: 2),
                EarlyWarning(
                    uscc: ReportFixture.f3, kind: .inflowCollapse,
                    detail: "inflow of the last 3 months -60% against the 3 before",
                    before: -0.2, after: -0.6),
                EarlyWarning(
                    uscc: ReportFixture.f3, kind: .joinedCycle, detail: "in 2 payment cycle(s), none before", before: 0,
                    after: 2),
                EarlyWarning(uscc: ReportFixture.f2, kind: .gradeFell, detail: "A → B", before: 0, after: 1),
                EarlyWarning(
                    uscc: ReportFixture.f2, kind: .scoreDrop, detail: "−40 points (640 → 600)", before: 640, after: 600),
            ])
        // A threshold of 40 is not exceeded by a drop of 40.
        #expect(
            !WarningDetector(scoreDrop: 40).detect(ReportFixture.current, previous: ReportFixture.previous).contains {
                $0.kind == .scoreDrop
            })
    }

    @Test func warningsReportOpenHandledAndTimeToHandle() throws {
        let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00 UTC
        let stored = [
            StoredWarning(
                id: 1, batchID: 2, uscc: ReportFixture.f2, name: "乙", industry: "C3670", region: "500112004",
                kind: "grade_fell",
                detail: "A → B", raisedAt: t0, handledAt: t0 + 6 * 3600,
                note: "called the firm, a late customer payment"),
            StoredWarning(
                id: 2, batchID: 2, uscc: ReportFixture.f2, name: "乙", industry: "C3670", region: "500112004",
                kind: "score_drop",
                detail: "−40 points (640 → 600)", raisedAt: t0),
            StoredWarning(
                id: 3, batchID: 1, uscc: ReportFixture.f3, name: "丙", industry: "G5431", region: "500103001",
                kind: "inflow_collapse",
                detail: "x", raisedAt: t0, handledAt: t0 + 30 * 3600, note: "visited"),
        ]
        let report = WarningsReport.build(
            ReportFixture.current, previous: ReportFixture.previous, warnings: stored, scoreDrop: 30)
        // Handled after 6 h and 30 h: mean 18.0, nearest-rank median the lower, 6.0.
        #expect(
            try ReportFixture.csv(report, "summary") == [
                "kind,raised,open,handled,mean_hours_to_handle,median_hours_to_handle",
                "grade_fell,1,0,1,6.0,6.0",
                "score_drop,1,1,0,,",
                "inflow_collapse,1,0,1,30.0,30.0",
                "joined_cycle,0,0,0,,",
                "all,3,1,2,18.0,6.0",
            ])
        #expect(
            try ReportFixture.csv(report, "warnings") == [
                "id,batch,uscc,name,kind,detail,raised_at,status,handled_at,hours_to_handle,note",
                "1,2,91500112MA5U00002L,乙,grade_fell,A → B,2026-01-01 00:00,handled,2026-01-01 06:00,6.0,\"called the firm, a late customer payment\"",
                "2,2,91500112MA5U00002L,乙,score_drop,−40 points (640 → 600),2026-01-01 00:00,open,,,",
                "3,1,91500103MA5U00003N,丙,inflow_collapse,x,2026-01-01 00:00,handled,2026-01-02 06:00,30.0,visited",
            ])
        let district = WarningsReport.build(
            ReportFixture.current, previous: nil, warnings: stored, scoreDrop: 30,
            filter: ReportFilter(region: try RegionCode("500103")))
        #expect(try ReportFixture.csv(district, "warnings").count == 2)
        #expect(report.facts.first { $0.key == "open" }?.value == "1")
    }
}
