import Foundation
import Testing

@testable import FundChainCore

/// The engine against NetworkX on the committed fixtures.
@Suite struct GraphReferenceTests {
    @Test(arguments: GraphFixtures.names)
    func pageRankMatchesNetworkX(name: String) throws {
        let graph = try GraphFixtures.graph(name)
        let expected = try GraphFixtures.rows(name + ".pagerank.csv")
        let result = graph.pageRank(PageRankOptions(tolerance: 1e-15, maxIterations: 100_000))
        #expect(result.converged)
        #expect(expected.count == graph.nodeCount)
        for (i, row) in expected.enumerated() {
            #expect(graph.key(Int32(i)) == row[0])
            let want = try #require(Double(row[1]))
            #expect(abs(result.scores[i] - want) < 1e-9, "\(name) node \(row[0])")
        }
    }

    @Test(arguments: GraphFixtures.names)
    func personalizedPageRankMatchesNetworkX(name: String) throws {
        let graph = try GraphFixtures.graph(name)
        let seeds = try GraphFixtures.text(name + ".seeds.txt").split(separator: "\n").map(String.init)
        var weights: [Int32: Double] = [:]
        for s in seeds { weights[try #require(graph.node(s))] = 1 }
        let expected = try GraphFixtures.rows(name + ".ppr.csv")
        let result = graph.personalizedPageRank(
            seeds: weights, PageRankOptions(tolerance: 1e-15, maxIterations: 100_000))
        for (i, row) in expected.enumerated() {
            let want = try #require(Double(row[1]))
            #expect(abs(result.scores[i] - want) < 1e-9, "\(name) node \(row[0])")
        }
    }

    @Test(arguments: GraphFixtures.names)
    func parallelPageRankEqualsSerial(name: String) throws {
        let graph = try GraphFixtures.graph(name)
        let serial = graph.pageRank(PageRankOptions(parallelism: 1))
        let parallel = graph.pageRank(PageRankOptions(parallelism: 3))
        for (a, b) in zip(serial.scores, parallel.scores) { #expect(abs(a - b) < 1e-15) }
    }

    @Test(arguments: GraphFixtures.names)
    func componentsMatchNetworkX(name: String) throws {
        let graph = try GraphFixtures.graph(name)
        let scc = try GraphFixtures.rows(name + ".scc.csv")
        let wcc = try GraphFixtures.rows(name + ".wcc.csv")
        let s = graph.stronglyConnectedComponents()
        let w = graph.weaklyConnectedComponents()
        #expect(scc.map { $0[0] } == (0..<graph.nodeCount).map { graph.key(Int32($0)) })
        #expect(scc.map { Int32($0[1])! } == s.component)
        #expect(wcc.map { Int32($0[1])! } == w.component)
    }

    @Test(arguments: GraphFixtures.names)
    func boundedCyclesMatchNetworkX(name: String) throws {
        let graph = try GraphFixtures.graph(name)
        let files = try GraphFixtures.cycleFiles(name)
        #expect(!files.isEmpty)
        for (file, k, minimum) in files {
            let expected = Set(try GraphFixtures.rows(file).map { "\($0[0]),\($0[1])" })
            let threshold = try minimum.map { try graph.amountThreshold($0) }
            let cycles = graph.simpleCycles(maxLength: k, minAmount: threshold)
            let found = cycles.map { "\($0.count),\($0.map { graph.key($0) }.joined(separator: ">"))" }
            #expect(found.count == Set(found).count, "\(file): a cycle reported twice")
            #expect(Set(found) == expected, "\(file)")
        }
    }

    @Test(arguments: GraphFixtures.names)
    func louvainIsCompetitiveWithNetworkX(name: String) throws {
        let graph = try GraphFixtures.graph(name)
        let networkx = try #require(
            Double(GraphFixtures.text(name + ".louvain.txt").trimmingCharacters(in: .whitespacesAndNewlines)))
        for seed: UInt64 in [0, 1, 2] {
            let partition = graph.communities(CommunityOptions(seed: seed))
            let q = referenceModularity(graph, partition.component)
            #expect(abs(q - graph.modularity(partition)) < 1e-9)
            #expect(q >= networkx - 0.03, "\(name) seed \(seed): modularity \(q) vs NetworkX \(networkx)")
            #expect(graph.communities(CommunityOptions(seed: seed)) == partition, "deterministic")
        }
    }
}
