import Testing

@testable import FundChainCore

@Suite struct GraphFeaturesTests {
    typealias F = BuildFixture

    static func compute(distressed: Set<Int> = [F.d], previousPD: [Double?] = Array(repeating: nil, count: 6)) throws
        -> GraphFeatures.Result
    {
        var builder = CapitalFlowGraphBuilder()
        for firm in F.firms { _ = builder.node(firm.uscc.code) }
        for (payer, payee, amount) in F.flows {
            try builder.addEdge(from: Int32(payer), to: Int32(payee), amount: amount)
        }
        let graph = try builder.build()
        let context = GraphFeatures.Context(
            isCore: F.firms.map(\.isCore), distressed: (0..<6).map { distressed.contains($0) }, inflow: F.inflow,
            outflow: F.outflow, previousPD: previousPD)
        return GraphFeatures.compute(graph, context)
    }

    static func value(_ r: GraphFeatures.Result, _ firm: Int, _ name: String) -> Double? {
        let x = r.values[firm][GraphFeatures.column[name]!]
        return x.isNaN ? nil : x
    }

    @Test func chainTiersFollowSignificantFlowsBothWays() throws {
        let r = try Self.compute()
        let tiers = (0..<6).map { Self.value(r, $0, "chain_tier") }
        // K core; S1 paid by K (50 % of its inflow); D pays K (all its covered outflow); S2 paid by
        // S1 (21 % of its inflow); R1 paid by S2 (K's ¥100 is 0.5 % of R1's inflow: not a link);
        // R2 pays S2 (its whole outflow), so tier 3 as well.
        #expect(tiers == [0, 1, 2, 1, 3, 3])
        #expect(r.evidence[F.s2].chainPath == [Int32(F.s2), Int32(F.s1), Int32(F.k)])
        #expect(r.evidence[F.k].chainPath == [Int32(F.k)])
    }

    @Test func coreInflowShare() throws {
        let r = try Self.compute()
        #expect(Self.value(r, F.s1, "core_inflow_share") == 0.5)
        #expect(Self.value(r, F.r1, "core_inflow_share") == 10_000.0 / 2_010_000)
        #expect(Self.value(r, F.k, "core_inflow_share") == 0)
        #expect(r.evidence[F.s1].corePayers == [GraphFeatures.Link(firm: Int32(F.k), amount: 1_000_000)])
    }

    @Test func cyclesAndRoundTrips() throws {
        let r = try Self.compute()
        #expect(r.cyclesFound == 1)
        #expect((0..<6).map { Self.value(r, $0, "cycle_participation") } == [0, 0, 1, 0, 1, 1])
        // The ring's smallest flow, ¥15,000, over each member's outflow.
        #expect(Self.value(r, F.s2, "round_trip_ratio") == 0.75)
        #expect(Self.value(r, F.r1, "round_trip_ratio") == 0.75)
        #expect(Self.value(r, F.r2, "round_trip_ratio") == 1)
        #expect(Self.value(r, F.d, "round_trip_ratio") == 0)
        #expect(r.evidence[F.r1].largestCycle == [Int32(F.r1), Int32(F.r2), Int32(F.s2)])
        #expect(r.evidence[F.r1].largestCycleFlow == 1_500_000)
    }

    @Test func degreesAndReciprocity() throws {
        let r = try Self.compute()
        #expect(Self.value(r, F.k, "in_degree") == 1 && Self.value(r, F.k, "out_degree") == 2)
        #expect(Self.value(r, F.s2, "in_degree") == 2 && Self.value(r, F.s2, "out_degree") == 1)
        #expect(Self.value(r, F.k, "reciprocity") == 0)
    }

    @Test func distressExposure() throws {
        let r = try Self.compute()
        // K exchanged ¥20,000 with distressed D, of ¥100,000 in and ¥10,100 out.
        #expect(Self.value(r, F.k, "contagion_exposure") == 2_000_000.0 / 11_010_000)
        #expect(Self.value(r, F.s1, "contagion_exposure") == 0)
        #expect(r.evidence[F.k].distressedCounterparties == [GraphFeatures.Link(firm: Int32(F.d), amount: 2_000_000)])
        // DebtRank: D fails; all of K's covered inflow came from D, all of S1's from K.
        #expect(Self.value(r, F.d, "debtrank_stress") == 1)
        #expect(Self.value(r, F.k, "debtrank_stress") == 1)
        #expect(Self.value(r, F.s1, "debtrank_stress") == 1)
    }

    @Test func neighbourRiskWeighsPreviousPDsByFlow() throws {
        let pd: [Double?] = [0.01, nil, 0.2, nil, nil, nil]
        let r = try Self.compute(previousPD: pd)
        // S1 received ¥10,000 from K (PD 1 %) and paid ¥4,000 to S2 (PD 20 %).
        #expect(abs(Self.value(r, F.s1, "neighbour_risk")! - (1_000_000 * 0.01 + 400_000 * 0.2) / 1_400_000) < 1e-15)
        #expect(Self.value(r, F.d, "neighbour_risk") == 0.01)
        // Without a previous build there is nothing to weigh.
        #expect(Self.value(try Self.compute(), F.s1, "neighbour_risk") == nil)
    }

    @Test func communityHealthLeavesTheFirmOut() throws {
        let r = try Self.compute(distressed: [F.r2])
        for v in 0..<6 {
            let c = r.community[v]
            let members = (0..<6).filter { r.community[$0] == c }
            #expect(Self.value(r, v, "community_size") == Double(members.count))
            let rest = members.filter { $0 != v }
            let restInflow = rest.reduce(Int64(0)) { $0 + F.inflow[$1] }
            let restDistressed = rest.filter { $0 == F.r2 }.reduce(Int64(0)) { $0 + F.inflow[$1] }
            let expected = restInflow > 0 ? 1 - Double(restDistressed) / Double(restInflow) : nil
            #expect(Self.value(r, v, "community_health") == expected)
        }
    }
}
