import Testing

@testable import FundChainCore

/// Properties that hold on any graph, checked on seeded random graphs (the seed is the argument,
/// so a failure reproduces).
@Suite struct GraphPropertyTests {
    /// A random multigraph with duplicates, self-loops, zero amounts and sinks.
    static func randomGraph(seed: UInt64, nodes: Int = 80, edges: Int = 240) throws -> (
        CapitalFlowGraph, [(Int, Int, Int64)]
    ) {
        var rng = SeededGenerator(seed: seed)
        var builder = CapitalFlowGraphBuilder()
        var raw: [(Int, Int, Int64)] = []
        for _ in 0..<edges {
            let u = Int(rng.next() % UInt64(nodes))
            let v = rng.nextUnit() < 0.05 ? u : Int(rng.next() % UInt64(nodes / 2 + 1)) * 2 % nodes
            let amount = rng.nextUnit() < 0.05 ? 0 : Int64(rng.next() % 100_000)
            raw.append((u, v, amount))
            try builder.addEdge(from: "n\(u)", to: "n\(v)", amount: amount)
        }
        return (try builder.build(), raw)
    }

    static let seeds: [UInt64] = [1, 2, 3, 42, 1234, 99_999]

    @Test(arguments: seeds)
    func pageRankSumsToOne(seed: UInt64) throws {
        let (graph, _) = try Self.randomGraph(seed: seed)
        let result = graph.pageRank(PageRankOptions(tolerance: 1e-14))
        #expect(result.converged)
        #expect(abs(result.scores.reduce(0, +) - 1) < 1e-9)
        #expect(result.scores.allSatisfy { $0 > 0 })
    }

    @Test(arguments: seeds)
    func sccCondensationIsADAGAndEdgesRespectComponents(seed: UInt64) throws {
        let (graph, _) = try Self.randomGraph(seed: seed)
        let scc = graph.stronglyConnectedComponents()
        let dag = graph.condensation(scc)
        // Kahn's algorithm consumes every component iff there is no cycle.
        var indegree = [Int](repeating: 0, count: scc.count)
        for successors in dag { for s in successors { indegree[Int(s)] += 1 } }
        var ready = (0..<scc.count).filter { indegree[$0] == 0 }
        var seen = 0
        while let c = ready.popLast() {
            seen += 1
            for s in dag[c] {
                indegree[Int(s)] -= 1
                if indegree[Int(s)] == 0 { ready.append(Int(s)) }
            }
        }
        #expect(seen == scc.count)
        // Mutual reachability within a component, by plain BFS.
        func reachable(from s: Int32) -> Set<Int32> {
            var seen: Set<Int32> = [s]
            var queue = [s]
            while let u = queue.popLast() {
                for e in graph.outEdges(of: u) where seen.insert(graph.target(ofEdge: e)).inserted {
                    queue.append(graph.target(ofEdge: e))
                }
            }
            return seen
        }
        let reach = (0..<Int32(graph.nodeCount)).map(reachable)
        for u in 0..<graph.nodeCount {
            for v in 0..<graph.nodeCount where u < v {
                let mutual = reach[u].contains(Int32(v)) && reach[v].contains(Int32(u))
                #expect(mutual == (scc.component[u] == scc.component[v]))
            }
        }
    }

    @Test(arguments: seeds)
    func wccJoinsExactlyTheEdgeEndpoints(seed: UInt64) throws {
        let (graph, _) = try Self.randomGraph(seed: seed, nodes: 120, edges: 90)
        let wcc = graph.weaklyConnectedComponents()
        for u in 0..<Int32(graph.nodeCount) {
            for e in graph.outEdges(of: u) {
                #expect(wcc.component[Int(u)] == wcc.component[Int(graph.target(ofEdge: e))])
            }
        }
        // Components are numbered by first node, so the first node of component c precedes that of c+1.
        var firstSeen = -1
        for c in wcc.component where Int(c) > firstSeen {
            #expect(Int(c) == firstSeen + 1)
            firstSeen = Int(c)
        }
    }

    @Test(arguments: seeds)
    func everyReportedCycleIsARealSimpleCycle(seed: UInt64) throws {
        let (graph, _) = try Self.randomGraph(seed: seed, nodes: 40, edges: 120)
        let k = 5
        let minimum: Int64 = 20_000
        let cycles = graph.simpleCycles(maxLength: k, minAmount: minimum)
        #expect(Set(cycles).count == cycles.count)
        for cycle in cycles {
            #expect(cycle.count <= k)
            #expect(Set(cycle).count == cycle.count)
            #expect(cycle[0] == cycle.min())
            for (i, u) in cycle.enumerated() {
                let v = cycle[(i + 1) % cycle.count]
                let e = try #require(graph.edge(from: u, to: v))
                #expect(graph.amount(ofEdge: e) >= minimum)
            }
        }
    }

    @Test(arguments: seeds)
    func builderSumsDuplicatesWhateverTheOrder(seed: UInt64) throws {
        let (graph, raw) = try Self.randomGraph(seed: seed)
        var expected: [String: [String: (Int64, Int32)]] = [:]
        for (u, v, a) in raw {
            let old = expected["n\(u)", default: [:]]["n\(v)"] ?? (0, 0)
            expected["n\(u)", default: [:]]["n\(v)"] = (old.0 + a, old.1 + 1)
        }
        var reversed = CapitalFlowGraphBuilder()
        for (u, v, a) in raw.reversed() { try reversed.addEdge(from: "n\(u)", to: "n\(v)", amount: a) }
        let other = try reversed.build()
        #expect(other.nodeCount == graph.nodeCount)
        var edges = 0
        var loops = 0
        for u in 0..<Int32(graph.nodeCount) {
            for e in graph.outEdges(of: u) {
                let want = try #require(expected[graph.key(u)]?[graph.key(graph.target(ofEdge: e))])
                #expect(graph.amount(ofEdge: e) == want.0)
                #expect(graph.transactionCount(ofEdge: e) == want.1)
                let f = try #require(other.edge(from: u, to: graph.target(ofEdge: e)))
                #expect(other.amount(ofEdge: f) == want.0)
                if graph.isSelfLoop(edge: e, of: u) { loops += 1 }
                edges += 1
            }
            // Reverse adjacency lists the same edges.
            for p in graph.inPositions(of: u) {
                #expect(graph.target(ofEdge: graph.inEdge(at: p)) == u)
            }
        }
        #expect(edges == expected.values.map(\.count).reduce(0, +))
        #expect(loops == graph.selfLoopCount)
        #expect(graph.residentBytes <= 32 * graph.edgeCount + 64 * graph.nodeCount + 8192)
    }

    @Test(arguments: seeds)
    func contagionStressStaysInUnitInterval(seed: UInt64) throws {
        let (graph, _) = try Self.randomGraph(seed: seed)
        let stress = graph.contagion(distressed: [0, 5])
        #expect(stress.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(stress[0] == 1 && stress[5] == 1)
    }
}
