import Foundation
import FundChainCore
import FundChainReports

/// Four firms in two builds, small enough that every expected figure in the tests is worked out
/// by hand (in the comments next to it).
///
/// | firm | district/town | industry | score now (before) | grade now (before) | products | healthy |
/// |---|---|---|---|---|---|---|
/// | F1 甲 core | 500112 / 500112002 | C3611 | 650 (660) | A (A) | P1 ¥500,000 | yes |
/// | F2 乙 | 500112 / 500112004 | C3670 | 600 (640) | B (A) | none | yes |
/// | F3 丙 | 500103 / 500103001 | G5431 | 540 (560) | C (B) | P2 ¥100,000, P1 ¥200,000 | no |
/// | F4 丁 | 500112 / 500112004 | C3670 | 560 (new) | C | none | yes (on every boundary) |
/// | F5 戊 | 500103 / 500103001 | G5431 | gone (600) | (B) | | |
enum ReportFixture {
    static let f1 = "91500112MA5U00001H"
    static let f2 = "91500112MA5U00002L"
    static let f3 = "91500103MA5U00003N"
    static let f4 = "91500112MA5U00004P"
    static let f5 = "91500103MA5U00005R"

    static let grades = ["A", "B", "C"]
    static let featureNames = [
        "months_active_12m", "net_flow_ratio_12m", "days_since_last_inflow", "inflow_growth_3m", "cycle_participation",
    ]

    static func firm(
        _ uscc: String, _ name: String, _ industry: String, _ region: String, core: Bool = false, score: Int,
        pd: Double,
        grade: String, offers: [(String, Int64)]?, inflow: Int64 = 0, outflow: Int64 = 0, active: Bool = true
    ) -> ReportFirm {
        ReportFirm(
            uscc: uscc, name: name, industry: try! IndustryCode(industry), region: try! RegionCode(region),
            isCore: core,
            score: score, pd: pd, grade: grade,
            products: offers.map {
                FirmProducts(eligible: $0.map { .init(product: $0.0, name: "产品\($0.0)", limitYuan: $0.1) })
            },
            inflow: inflow, outflow: outflow, active: active)
    }

    /// Build 2 (as of 2025-11-30).
    static var current: ReportBatch {
        let firms = [
            firm(
                f1, "重庆甲汽车有限公司", "C3611", "500112002", core: true, score: 650, pd: 0.01, grade: "A",
                offers: [("P1", 500_000)],
                inflow: 100_000_000, outflow: 80_000_000),
            firm(
                f3, "重庆丙物流有限公司", "G5431", "500103001", score: 540, pd: 0.12, grade: "C",
                offers: [("P2", 100_000), ("P1", 200_000)], inflow: 20_000_000, outflow: 25_000_000, active: false),
            firm(
                f2, "重庆乙汽车零部件有限公司", "C3670", "500112004", score: 600, pd: 0.03, grade: "B", offers: [],
                inflow: 50_000_050, outflow: 45_000_000),
            firm(
                f4, "重庆丁配件有限公司", "C3670", "500112004", score: 560, pd: 0.08, grade: "C", offers: [],
                inflow: 30_000_000, outflow: 30_000_000),
        ]
        // USCC order: f3 (…103…) sorts before f1, f2, f4 (…112…).
        let nan = Double.nan
        let features: [Double] = [
            8, -0.1, 40, -0.6, 2,  // f3: not healthy; inflow collapsed; in 2 cycles
            12, 0.2, 5, 0.1, 0,  // f1: healthy
            12, 0.1, 10, -0.1, 0,  // f2: healthy
            11, 0, 30, nan, 0,  // f4: healthy on every boundary, growth missing
        ]
        let sorted = [firms[1], firms[0], firms[2], firms[3]]
        return ReportBatch(
            id: 2, asOf: try! CalendarDate(parsing: "2025-11-30"), windowMonths: 12, grades: grades, firms: sorted,
            featureNames: featureNames, features: features)
    }

    /// Build 1 (as of 2025-10-31).
    static var previous: ReportBatch {
        let firms = [
            firm(f3, "重庆丙物流有限公司", "G5431", "500103001", score: 560, pd: 0.07, grade: "B", offers: nil),
            firm(f5, "重庆戊商贸有限公司", "G5431", "500103001", score: 600, pd: 0.03, grade: "B", offers: nil),
            firm(f1, "重庆甲汽车有限公司", "C3611", "500112002", core: true, score: 660, pd: 0.008, grade: "A", offers: nil),
            firm(f2, "重庆乙汽车零部件有限公司", "C3670", "500112004", score: 640, pd: 0.012, grade: "A", offers: nil),
        ]
        let features: [Double] = [
            9, 0, 20, -0.2, 0,  // f3
            12, 0.1, 3, 0, 0,  // f5
            12, 0.2, 5, 0.1, 0,  // f1
            12, 0.1, 10, 0.2, 0,  // f2
        ]
        return ReportBatch(
            id: 1, asOf: try! CalendarDate(parsing: "2025-10-31"), windowMonths: 12, grades: grades, firms: firms,
            featureNames: featureNames, features: features)
    }

    /// Lines of the CSV of `report`'s table `key`.
    static func csv(_ report: Report, _ key: String) throws -> [String] {
        try report.rendered(as: .csv, table: key).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map(String.init)
    }
}
