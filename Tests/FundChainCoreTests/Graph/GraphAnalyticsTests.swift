import Testing

@testable import FundChainCore

/// Analytics on small graphs whose answers are worked out by hand in the comments.
@Suite struct GraphAnalyticsTests {
    static func graph(_ edges: [(String, String, Int64)]) throws -> CapitalFlowGraph {
        var b = CapitalFlowGraphBuilder()
        for (u, v, a) in edges { try b.addEdge(from: u, to: v, amount: a) }
        return try b.build()
    }

    @Test func pageRankOfATwoCycleWithADanglingNode() throws {
        // a→b (1), b→a (1), b→c (1); c dangling. NetworkX's fixed point solves
        // x = 0.85 (xP + x_c/3) + 0.05 with P: a→b 1, b→a ½, b→c ½.
        let g = try Self.graph([("a", "b", 1), ("b", "a", 1), ("b", "c", 1)])
        let x = g.pageRank(PageRankOptions(tolerance: 1e-15)).scores
        // Solve by hand: let d = 0.85. a = d(b/2 + c/3) + 0.05, b = d(a + c/3) + 0.05, c = d(b/2 + c/3) + 0.05 → a = c.
        // b = d(a + a/3) + 0.05 = (4d/3)a + 0.05; a = d(b/2 + a/3) + 0.05.
        let d = 0.85
        let a = (0.05 + d * 0.05 / 2) / (1 - d / 3 - d * 4 * d / 6)
        let b = 4 * d / 3 * a + 0.05
        #expect(abs(x[0] - a) < 1e-12)
        #expect(abs(x[1] - b) < 1e-12)
        #expect(abs(x[2] - a) < 1e-12)
    }

    @Test func communitiesSplitTwoTriangles() throws {
        // Two triangles joined by one light edge: the best partition is the two triangles.
        let g = try Self.graph([
            ("1", "2", 10), ("2", "3", 10), ("3", "1", 10), ("4", "5", 10), ("5", "6", 10), ("6", "4", 10),
            ("3", "4", 1),
        ])
        let c = g.communities()
        #expect(c.component == [0, 0, 0, 1, 1, 1])
    }

    @Test func chainSharesMultiplyAlongTheHops() throws {
        // F pays S1 300 and S2 100; S1 pays T 50 and S2 150; S2 pays T 10.
        let g = try Self.graph([
            ("F", "S1", 300), ("F", "S2", 100), ("S1", "T", 50), ("S1", "S2", 150), ("S2", "T", 10),
        ])
        let f = try #require(g.node("F"))
        let trace = g.chain(of: f, direction: .upstream, depth: 3)
        let byPath = Dictionary(
            uniqueKeysWithValues: trace.paths.map { ($0.nodes.map { g.key($0) }.joined(separator: ">"), $0) })
        #expect(byPath.count == 6)
        #expect(byPath["F>S1"]?.share == 0.75)
        #expect(byPath["F>S2"]?.share == 0.25)
        #expect(byPath["F>S1>T"]?.share == 0.75 * 0.25)  // S1 sends 50 of 200 to T
        #expect(byPath["F>S1>S2"]?.share == 0.75 * 0.75)
        #expect(byPath["F>S1>S2>T"]?.share == 0.75 * 0.75 * 1)
        #expect(byPath["F>S2>T"]?.amount == 10)
        // Downstream from T: payers S1 (50) and S2 (10) → shares 5/6 and 1/6.
        let t = try #require(g.node("T"))
        let down = g.chain(of: t, direction: .downstream, depth: 1)
        #expect(down.paths.map { g.key($0.nodes[1]) } == ["S1", "S2"])
        #expect(abs(down.paths[0].share - 5.0 / 6) < 1e-15)
        let tiers = g.chain(of: f, direction: .upstream, depth: 3).tiers
        #expect(tiers.first { g.key($0.node) == "T" }?.depth == 2)
    }

    @Test func debtRankPassesStressOnceAlongInflowShares() throws {
        // A pays C 30, B pays C 70, C pays D 100, D pays A 100 (a loop back to A).
        // A distressed (h=1): C's exposure to A is 30/100 → h_C = 0.3 at t=1.
        // t=2: C passes 0.3 × (100/100) to D → h_D = 0.3. t=3: D passes 0.3 to A, but A is inactive:
        // its stress stays at min(1, 1 + 0.3) = 1. B is never hit.
        let g = try Self.graph([("A", "C", 30), ("B", "C", 70), ("C", "D", 100), ("D", "A", 100)])
        let stress = g.contagion(distressed: [try #require(g.node("A"))])
        #expect(stress == [1, 0, 0.3, 0.3])
        // Both A and B distressed: C gets 0.3 + 0.7 = 1.
        let both = g.contagion(distressed: [0, 1])
        #expect(both[2] == 1 && both[3] == 1)
    }

    @Test func concentrationOfInflowsAndOutflows() throws {
        // X receives 60 from A, 30 from B, 10 from C: HHI = .36 + .09 + .01 = .46.
        let g = try Self.graph([("A", "X", 60), ("B", "X", 30), ("C", "X", 10), ("X", "X", 999), ("X", "A", 5)])
        let (inflows, outflows) = g.concentration()
        let x = Int(try #require(g.node("X")))
        #expect(abs(inflows[x].hhi - 0.46) < 1e-15)
        #expect(inflows[x].top1 == 0.6)
        #expect(inflows[x].top5 == 1)
        #expect(inflows[x].counterparties == 3)
        #expect(outflows[x].hhi == 1)
    }

    @Test func temporalRoundTripsRespectTimeAndWindow() throws {
        let flows = [
            DatedFlow(sourceKey: "A", targetKey: "B", amount: 100, time: 1),
            DatedFlow(sourceKey: "B", targetKey: "C", amount: 80, time: 3),
            DatedFlow(sourceKey: "C", targetKey: "A", amount: 90, time: 5),  // A→B→C→A within 4 days
            DatedFlow(sourceKey: "C", targetKey: "A", amount: 50, time: 2),  // before B→C: not a trip
            DatedFlow(sourceKey: "B", targetKey: "A", amount: 10, time: 40),  // A→B→A but 39 days later
        ]
        let finder = TemporalRoundTrips(flows: flows)
        let trips = finder.find(maxHops: 3, window: 30)
        #expect(trips == [RoundTrip(firms: ["A", "B", "C"], times: [1, 3, 5], amount: 80)])
        #expect(finder.find(maxHops: 2, window: 30).isEmpty)
        #expect(finder.find(maxHops: 3, window: 3).isEmpty)
        #expect(finder.find(maxHops: 3, window: 40).count == 2)
        #expect(finder.find(maxHops: 3, window: 30, minAmount: 85).isEmpty)
    }

    @Test func windowsBuildFromMonthlyFlowEdges() async throws {
        let m = CalendarDate(year: 2024, month: 1, day: 1)!.monthIndex
        let flows = [
            FlowEdge(sourceKey: "B", targetKey: "A", amountFen: 100, txnCount: 2, month: m),
            FlowEdge(sourceKey: "B", targetKey: "A", amountFen: 250, txnCount: 3, month: m + 1),
            FlowEdge(
                sourceKey: CapitalFlowGraph.outsideWorldKey, targetKey: "B", amountFen: 7, txnCount: 1, month: m + 2),
        ]
        let graphs = try await CapitalFlowGraph.windows(
            flows: flows, months: [m...m, m...(m + 1), m...(m + 2)], parallelism: 2)
        #expect(graphs.map(\.edgeCount) == [1, 1, 2])
        let two = graphs[1]
        let b = try #require(two.node("B"))
        let a = try #require(two.node("A"))
        let e = try #require(two.edge(from: b, to: a))
        #expect(two.amount(ofEdge: e) == 350)
        #expect(two.transactionCount(ofEdge: e) == 5)
        #expect(two.formatAmount(two.amount(ofEdge: e)) == "3.50")
        #expect(graphs[2].node(CapitalFlowGraph.outsideWorldKey) != nil)
    }
}

@Suite struct ChainStopsAtTheOutsideWorld {
    /// A pays the outside world 10 and B 30; the outside world pays C: the chain must not
    /// reach C through the outside world, which stands for unrelated parties.
    @Test func outsideWorldIsALeaf() throws {
        let o = CapitalFlowGraph.outsideWorldKey
        let graph = try CapitalFlowGraph(flows: [
            FlowEdge(sourceKey: "A", targetKey: o, amountFen: 10, txnCount: 1, month: 0),
            FlowEdge(sourceKey: "A", targetKey: "B", amountFen: 30, txnCount: 1, month: 0),
            FlowEdge(sourceKey: o, targetKey: "C", amountFen: 5, txnCount: 1, month: 0),
        ])
        let trace = graph.chain(of: graph.node("A")!, direction: .upstream, depth: 3)
        let paths = trace.paths.map { $0.nodes.map { graph.key($0) }.joined(separator: ">") }.sorted()
        #expect(paths == ["A>B", "A>\(o)"])
        #expect(trace.paths.first { graph.key($0.nodes.last!) == "B" }?.share == 0.75)
    }
}
