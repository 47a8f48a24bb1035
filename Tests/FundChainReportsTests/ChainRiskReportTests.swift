import FundChainCore
import Testing

@testable import FundChainReports

/// Chain and risk reports on `ReportFixture.current` with these window flows (fen), worked by hand:
///
///     F1 → F2  10,000,000 (4 txns)   F2 → F4  2,000,000 (2)   F1 → F4  1,000,000 (1)
///     F3 → F1   6,000,000 (3)        F4 → F3  1,500,000 (1)   F2 → F2    300,000 (1, own accounts)
///
/// Firm indices (USCC order): 0 F3, 1 F1 (core), 2 F2, 3 F4.
struct ChainRiskReportTests {
    static let flows = ReportFlows(edges: [
        .init(payer: 1, payee: 2, amount: 10_000_000, count: 4), .init(payer: 2, payee: 3, amount: 2_000_000, count: 2),
        .init(payer: 1, payee: 3, amount: 1_000_000, count: 1), .init(payer: 0, payee: 1, amount: 6_000_000, count: 3),
        .init(payer: 3, payee: 0, amount: 1_500_000, count: 1), .init(payer: 2, payee: 2, amount: 300_000, count: 1),
    ])

    @Test func industryMatrix() throws {
        let report = try ChainReport.build(ReportFixture.current, flows: Self.flows)
        // C36 → C36: 10M + 2M + 1M over 3 pairs, 7 transactions; the self-loop left out. Total 20.5M.
        #expect(
            try ReportFixture.csv(report, "matrix") == [
                "payer_industry,payer_name,payee_industry,payee_name,amount_yuan,share,transactions,firm_pairs",
                "C36,汽车制造业,C36,汽车制造业,130000.00,0.6341,7,3",
                "G54,道路运输业,C36,汽车制造业,60000.00,0.2927,3,1",
                "C36,汽车制造业,G54,道路运输业,15000.00,0.0732,1,1",
            ])
        guard case .flows(let diagram)? = report.section("matrix")?.chart else {
            Issue.record("no flow diagram")
            return
        }
        #expect(diagram.links.map(\.amount) == [13_000_000, 6_000_000, 1_500_000])
        #expect(diagram.links[1].source == "G54 道路运输业" && diagram.links[1].target == "C36 汽车制造业")
    }

    @Test func coreEnterpriseTiers() throws {
        let report = try ChainReport.build(ReportFixture.current, flows: Self.flows, depth: 2)
        // Suppliers: F1 → F2 is 10M ≥ 5 % of F2's inflow (2,500,002.5): tier 1. F1 → F4 is 1M < 5 % of
        // F4's 30M (1.5M), but F2 → F4 is 2M ≥ 1.5M: tier 2 through F2. Customers: F3 → F1 is 6M ≥
        // 5 % of F3's outflow 25M: tier 1; F4 → F3 would qualify but F4 is already a supplier.
        // Chain mean score: F2 600, F4 560, F3 540 → 566.7.
        #expect(
            try ReportFixture.csv(report, "cores") == [
                "uscc,name,industry,district,suppliers_tier1,suppliers_tier2,customers_tier1,customers_tier2,to_suppliers_yuan,from_customers_yuan,chain_mean_score",
                "91500112MA5U00001H,重庆甲汽车有限公司,C36,渝北区,1,1,1,0,100000.00,60000.00,566.7",
            ])
        #expect(
            try ReportFixture.csv(report, "links") == [
                "core,side,tier,uscc,name,industry,linked_to,amount_yuan",
                "91500112MA5U00001H,supplier,1,91500112MA5U00002L,重庆乙汽车零部件有限公司,C36,91500112MA5U00001H,100000.00",
                "91500112MA5U00001H,customer,1,91500103MA5U00003N,重庆丙物流有限公司,G54,91500112MA5U00001H,60000.00",
                "91500112MA5U00001H,supplier,2,91500112MA5U00004P,重庆丁配件有限公司,C36,91500112MA5U00002L,20000.00",
            ])
        // Depth 1: F4 is not reached.
        let shallow = try ChainReport.build(ReportFixture.current, flows: Self.flows, depth: 1)
        #expect(
            try ReportFixture.csv(shallow, "cores")[1]
                == "91500112MA5U00001H,重庆甲汽车有限公司,C36,渝北区,1,1,100000.00,60000.00,570.0")
    }

    @Test func oneIndustryUpstreamAndDownstream() throws {
        let report = try ChainReport.build(
            ReportFixture.current, flows: Self.flows, filter: ReportFilter(industry: try IndustryCode("G54")))
        // Only flows touching F3: F3 → F1 6M and F4 → F3 1.5M.
        #expect(
            try ReportFixture.csv(report, "matrix") == [
                "payer_industry,payer_name,payee_industry,payee_name,amount_yuan,share,transactions,firm_pairs",
                "G54,道路运输业,C36,汽车制造业,60000.00,0.8000,3,1",
                "C36,汽车制造业,G54,道路运输业,15000.00,0.2000,1,1",
            ])
        #expect(
            try ReportFixture.csv(report, "upstream") == [
                "industry,name,amount_yuan,share", "C36,汽车制造业,60000.00,1.0000",
            ])
        #expect(
            try ReportFixture.csv(report, "downstream") == [
                "industry,name,amount_yuan,share", "C36,汽车制造业,15000.00,1.0000",
            ])
        #expect(try ReportFixture.csv(report, "cores").count == 1)  // F1 is C36: no core in scope
    }

    @Test func circularGroupsAndRings() throws {
        let batch = ReportFixture.current
        let circuits = try RiskReport.Circuits(batch, flows: Self.flows)
        // Cycles of flows ≥ ¥10,000: F1→F2→F4→F3→F1 and F1→F4→F3→F1, from the smallest node (F3).
        #expect(circuits.cycles.map { $0.sorted() } == [[0, 1, 2, 3], [0, 1, 3]])
        #expect(
            circuits.firmsOnCycles(batch) == [ReportFixture.f3, ReportFixture.f1, ReportFixture.f2, ReportFixture.f4])
        // Money F1 → F4 → F3 in 2025-03, back F3 → F1 in 2025-04: one trip (from F1; the other
        // starts would go back in time), smallest hop 1M.
        let march = try CalendarDate(parsing: "2025-03-01").monthIndex
        let monthly = [
            DatedFlow(sourceKey: ReportFixture.f1, targetKey: ReportFixture.f4, amount: 1_000_000, time: march),
            DatedFlow(sourceKey: ReportFixture.f4, targetKey: ReportFixture.f3, amount: 1_500_000, time: march),
            DatedFlow(sourceKey: ReportFixture.f3, targetKey: ReportFixture.f1, amount: 6_000_000, time: march + 1),
        ]
        let report = RiskReport.build(batch, circuits: circuits, monthly: monthly)
        // One group of all four; flows within: every edge between them but the self-loop, 20.5M.
        #expect(
            try ReportFixture.csv(report, "groups") == [
                "group,firms,cycles,shortest,longest,internal_flow_yuan,first_uscc,members",
                "1,4,2,3,4,205000.00,91500103MA5U00003N,重庆丙物流有限公司、重庆甲汽车有限公司、重庆乙汽车零部件有限公司、重庆丁配件有限公司",
            ])
        #expect(
            try ReportFixture.csv(report, "rings") == [
                "length,trips,amount_yuan,first_month,last_month,first_uscc,path",
                "3,1,10000.00,2025-03,2025-04,91500103MA5U00003N,重庆丙物流有限公司 → 重庆甲汽车有限公司 → 重庆丁配件有限公司 → 重庆丙物流有限公司",
            ])
    }

    @Test func stressScenario() throws {
        let batch = ReportFixture.current
        let circuits = try RiskReport.Circuits(batch, flows: Self.flows)
        let report = RiskReport.build(batch, circuits: circuits, monthly: [], shock: [1])
        // DebtRank from F1 (covered inflows: F2 10M, F4 3M, F3 1.5M, F1 6M). Round 1: F2 +10/10 = 1,
        // F4 +1/3. Round 2: F2 sends 1 × 2/3 to F4 (→ 1), F4 sends its 1/3 × 1.5/1.5 to F3 (1/3).
        // Round 3: F3 sends to F1, already failed. Direct exposure: what F1 paid each.
        #expect(
            try ReportFixture.csv(report, "shock_firms") == [
                "uscc,name,district,industry,stress,direct_exposure_yuan,inflow_yuan,score,grade",
                "91500112MA5U00002L,重庆乙汽车零部件有限公司,渝北区,C36,1.0000,100000.00,500000.50,600,B",
                "91500112MA5U00004P,重庆丁配件有限公司,渝北区,C36,1.0000,10000.00,300000.00,560,C",
                "91500103MA5U00003N,重庆丙物流有限公司,渝中区,G54,0.3333,0.00,200000.00,540,C",
            ])
        #expect(
            try ReportFixture.csv(report, "shock_districts") == [
                "code,name,firms_hit,stress_sum,direct_exposure_yuan", "500112,渝北区,2,2.0000,110000.00",
                "500103,渝中区,1,0.3333,0.00",
            ])
        #expect(
            try ReportFixture.csv(report, "shock_industries") == [
                "code,name,firms_hit,stress_sum,direct_exposure_yuan", "C36,汽车制造业,2,2.0000,110000.00",
                "G54,道路运输业,1,0.3333,0.00",
            ])
        #expect(report.facts.last?.value == ReportFixture.f1)
        #expect(RiskReport.build(batch, circuits: circuits, monthly: []).section("shock_firms") == nil)
    }

    /// The drawings: the group follows the money round the circle, the ring keeps only its own
    /// hops, and the cascade puts each firm in the round stress first reaches it.
    @Test func groupRingAndCascadeDrawings() throws {
        let batch = ReportFixture.current
        let circuits = try RiskReport.Circuits(batch, flows: Self.flows)
        let march = try CalendarDate(parsing: "2025-03-01").monthIndex
        let monthly = [
            DatedFlow(sourceKey: ReportFixture.f1, targetKey: ReportFixture.f4, amount: 1_000_000, time: march),
            DatedFlow(sourceKey: ReportFixture.f4, targetKey: ReportFixture.f3, amount: 1_500_000, time: march),
            DatedFlow(sourceKey: ReportFixture.f3, targetKey: ReportFixture.f1, amount: 6_000_000, time: march + 1),
        ]
        let report = RiskReport.build(batch, circuits: circuits, monthly: monthly, shock: [1])
        guard case .network(let groups) = try #require(report.section("groups")?.chart) else {
            Issue.record("no drawing"); return
        }
        let group = try #require(groups.panels.first)
        // Flows within, in+out: firm 1 17M, 2 12M, 0 7.5M, 3 4.5M (fen /100). From 1, the largest
        // payment to a firm not yet placed: 1→2, 2→3, 3→0.
        #expect(
            group.nodes.map(\.title)
                == [1, 2, 3, 0].map { i in
                    let f = batch.firms[i]
                    return "\(f.name) (\(f.uscc)), score \(f.score), grade \(f.grade)"
                })
        #expect(Set(group.edges.map { [$0.from, $0.to] }) == [[0, 1], [1, 2], [0, 2], [2, 3], [3, 0]])  // no self-loop
        #expect(
            group.edges.first { $0.from == 0 && $0.to == 1 }.map { ($0.label, $0.weight) } ?? ("", 0) == ("¥100k", 1))
        guard case .network(let rings) = try #require(report.section("rings")?.chart) else {
            Issue.record("no ring drawing"); return
        }
        let ring = try #require(rings.panels.first)
        #expect(ring.nodes.count == 3 && ring.edges.map { [$0.from, $0.to] } == [[0, 1], [1, 2], [2, 0]])
        guard case .network(let cascade) = try #require(report.section("shock_firms")?.chart) else {
            Issue.record("no cascade"); return
        }
        let panel = try #require(cascade.panels.first)
        #expect(panel.layout == .layers && panel.nodes.map(\.layer) == [0, 1, 1, 2])
        #expect(panel.layerTitles == ["shocked: 1 firm", "round 1: 2 firms", "round 2: 1 firm"])
        #expect(Set(panel.edges.map { [$0.from, $0.to] }) == [[0, 1], [0, 2], [2, 3]])  // 2→3 is within round 1
        // Drawn: one arrowhead per edge, and a circle per firm.
        let html = try report.rendered(as: .html)
        let svgs = html.components(separatedBy: "<svg").filter { $0.contains("aria-label=\"network:") }
        #expect(svgs.count == 3)
        #expect(svgs.map { $0.components(separatedBy: "<polygon").count - 1 } == [5, 3, 3])
        #expect(svgs.map { $0.components(separatedBy: "<circle").count - 1 } == [4, 3, 4])
    }

    @Test func concentrationOutliersAndContagionExposure() throws {
        // Six C36 firms. customer_hhi 0.1 0.1 0.2 0.2 0.3 0.9: nearest-rank Q1 (2nd) 0.1, Q3 (5th)
        // 0.3, fence 0.3 + 1.5 × 0.2 = 0.6: only the last is an outlier.
        let codes = (1...6).map { "9150011200000000\($0)X" }
        let firms = codes.enumerated().map { i, code in
            ReportFixture.firm(
                code, "企业\(i + 1)", "C3670", "500112004", score: 600, pd: 0.02, grade: "B", offers: nil,
                inflow: Int64(i + 1) * 100)
        }
        let hhi = [0.1, 0.1, 0.2, 0.2, 0.3, 0.9]
        let stress = [0, 0.5, 1, 0.2, .nan, 0.5]
        let exposure = [0, 0.3, 1, 0.1, .nan, 0.4]
        let batch = ReportBatch(
            id: 9, asOf: try CalendarDate(parsing: "2025-11-30"), windowMonths: 12, grades: ["A", "B", "C"],
            firms: firms,
            featureNames: ["customer_hhi", "top1_customer_share", "debtrank_stress", "contagion_exposure"],
            features: (0..<6).flatMap { [hhi[$0], hhi[$0] == 0.9 ? 0.95 : 0.3, stress[$0], exposure[$0]] })
        let report = RiskReport.build(
            batch, circuits: try RiskReport.Circuits(batch, flows: ReportFlows(edges: [])), monthly: [])
        #expect(
            try ReportFixture.csv(report, "concentration") == [
                "uscc,name,industry,side,hhi,top1_share,fence,inflow_yuan",
                "91500112000000006X,企业6,C36,customers,0.900,0.9500,0.600,6.00",
            ])
        // Stress strictly between 0 and 1, by stress then exposure: firm 6 (0.5, 0.4), 2 (0.5, 0.3), 4 (0.2).
        #expect(
            try ReportFixture.csv(report, "exposed").dropFirst().map { $0.prefix(18) } == [
                "91500112000000006X", "91500112000000002X", "91500112000000004X",
            ])
        #expect(report.section("groups")?.table?.rows.isEmpty == true)
    }
}
