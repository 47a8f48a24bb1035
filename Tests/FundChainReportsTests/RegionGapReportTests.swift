import FundChainCore
import Testing

@testable import FundChainReports

/// Region and gap reports on `ReportFixture`, every figure worked out by hand.
struct RegionGapReportTests {
    @Test func regionRollUpCityDistrictTown() throws {
        let report = RegionReport.build(ReportFixture.current)
        // City: 4 firms, F3 inactive. Inflow 1,000,000.00 + 200,000.00 + 500,000.50 + 300,000.00;
        // outflow 800,000 + 250,000 + 450,000 + 300,000. Scores 540 560 600 650: mean 587.5,
        // nearest-rank p10 = 1st = 540, median = 2nd = 560, p90 = 4th = 650. Matched F1, F3;
        // limits 500,000 (F1) + 200,000 (F3's largest offer, P1). Healthy F1 F2 F4; gap F2 F4.
        #expect(
            try ReportFixture.csv(report, "areas") == [
                "level,code,name,firms,active,inflow_yuan,outflow_yuan,score_mean,score_p10,score_median,score_p90,matched,suggested_limit_yuan,healthy,gap,gap_share",
                "city,50,重庆市,4,3,2000000.50,1800000.00,587.5,540,560,650,2,700000.00,3,2,0.6667",
                "district,500103,渝中区,1,0,200000.00,250000.00,540.0,540,540,540,1,200000.00,0,0,",
                "town,500103001,七星岗街道,1,0,200000.00,250000.00,540.0,540,540,540,1,200000.00,0,0,",
                "district,500112,渝北区,3,3,1800000.50,1550000.00,603.3,560,600,650,1,500000.00,3,2,0.6667",
                "town,500112002,双龙湖街道,1,1,1000000.00,800000.00,650.0,650,650,650,1,500000.00,1,0,0.0000",
                "town,500112004,回兴街道,2,2,800000.50,750000.00,580.0,560,560,600,0,0.00,2,2,1.0000",
            ])
        #expect(
            try ReportFixture.csv(report, "grades") == [
                "level,code,name,grade_A,grade_B,grade_C,grade_other",
                "city,50,重庆市,1,1,2,0",
                "district,500103,渝中区,0,0,1,0",
                "town,500103001,七星岗街道,0,0,1,0",
                "district,500112,渝北区,1,1,1,0",
                "town,500112002,双龙湖街道,1,0,0,0",
                "town,500112004,回兴街道,0,1,1,0",
            ])
    }

    @Test func regionFilterKeepsOnlyMatchingFirms() throws {
        let filter = ReportFilter(region: try RegionCode("500112"), industry: try IndustryCode("C36"))
        let lines = try ReportFixture.csv(RegionReport.build(ReportFixture.current, filter: filter), "areas")
        // F1, F2, F4: the city row is the district's.
        #expect(lines.count == 5)
        #expect(lines[1] == "city,50,重庆市,3,3,1800000.50,1550000.00,603.3,560,600,650,1,500000.00,3,2,0.6667")
        let town = ReportFilter(region: try RegionCode("500103001"))
        #expect(try ReportFixture.csv(RegionReport.build(ReportFixture.current, filter: town), "areas").count == 4)
    }

    @Test func withoutProductMatchesTheGapIsEmptyNotZero() throws {
        // The previous build has no products in its bodies.
        let report = RegionReport.build(ReportFixture.previous)
        let city = try ReportFixture.csv(report, "areas")[1]
        // F3 560, F5 600, F1 660, F2 640: mean 615.0; healthy: F5 F1 F2 (F3 only 9 active months).
        #expect(city == "city,50,重庆市,4,4,0.00,0.00,615.0,560,600,660,,,3,,")
        #expect(report.section("areas")?.note?.hasPrefix("Active:") == true)
        #expect(report.section("areas")?.note?.contains("no product matches") == true)
    }

    @Test func healthyCashFlowBoundaries() {
        let batch = ReportFixture.current
        // Rows: F3, F1, F2, F4 (USCC order).
        #expect((0..<4).map { CashFlowHealth.isHealthy(batch, firm: $0) } == [false, true, true, true])
        #expect((0..<4).map { CashFlowHealth.isGap(batch, firm: $0) } == [false, false, true, true])
        #expect(CashFlowHealth.isGap(ReportFixture.previous, firm: 0) == nil)
    }

    @Test func gapByDistrictIndustryAndLargestFirms() throws {
        let report = GapReport.build(ReportFixture.current)
        // Gap firms F2 (inflow 500,000.50) and F4 (300,000.00), both 渝北区 and C36.
        #expect(
            try ReportFixture.csv(report, "districts") == [
                "code,name,firms,healthy,healthy_matched,gap,gap_share,gap_inflow_yuan",
                "500103,渝中区,1,0,0,0,,0.00",
                "500112,渝北区,3,3,1,2,0.6667,800000.50",
            ])
        #expect(
            try ReportFixture.csv(report, "industries") == [
                "code,name,firms,healthy,healthy_matched,gap,gap_share,gap_inflow_yuan",
                "C36,汽车制造业,3,3,1,2,0.6667,800000.50",
                "G54,道路运输业,1,0,0,0,,0.00",
            ])
        #expect(
            try ReportFixture.csv(report, "firms") == [
                "uscc,name,district,industry,score,grade,inflow_yuan",
                "91500112MA5U00002L,重庆乙汽车零部件有限公司,渝北区,C36,600,B,500000.50",
                "91500112MA5U00004P,重庆丁配件有限公司,渝北区,C36,560,C,300000.00",
            ])
        #expect(try ReportFixture.csv(GapReport.build(ReportFixture.current, top: 1), "firms").count == 2)
    }
}
