/// Options for Louvain community detection.
public struct CommunityOptions: Sendable, Hashable {
    /// Seed of the node visiting order. Default 0.
    public var seed: UInt64 = 0
    /// Modularity resolution γ. Default 1.
    public var resolution: Double = 1
    /// A level stops when a full pass improves modularity by less than this. Default 1e-7.
    public var threshold: Double = 1e-7

    public init(seed: UInt64 = 0, resolution: Double = 1, threshold: Double = 1e-7) {
        self.seed = seed
        self.resolution = resolution
        self.threshold = threshold
    }
}

extension CapitalFlowGraph {
    /// Communities of the undirected weighted projection (weight of {u, v} = amount u→v plus
    /// amount v→u; a self-loop counts twice in its node's degree) by the Louvain method: local
    /// moves in a seeded random order until no move gains modularity, then aggregation of each
    /// community into one node, repeated while anything moves. Deterministic for a seed.
    ///
    /// Communities are numbered in order of their smallest node.
    ///
    /// - Complexity: O(E) per pass over a level, passes and levels few in practice
    ///   (O(E log n) is the usual estimate); O(n + E) memory.
    public func communities(_ options: CommunityOptions = .init()) -> Components {
        var level = UndirectedWeightedGraph(self)
        var membership = (0..<Int32(nodeCount)).map { $0 }
        var random = SeededGenerator(seed: options.seed)
        while true {
            let (moved, assignment, count) = level.localMoves(options, random: &random)
            guard moved else { break }
            for v in membership.indices { membership[v] = assignment[Int(membership[v])] }
            level = level.aggregated(assignment, communities: count)
        }
        return Components(labels: membership)
    }

    /// Newman modularity of a partition of the undirected weighted projection.
    ///
    /// - Complexity: O(n + E).
    public func modularity(_ partition: Components, resolution: Double = 1) -> Double {
        UndirectedWeightedGraph(self).modularity(
            partition.component, communities: partition.count, resolution: resolution)
    }
}

/// A symmetric weighted adjacency in CSR form, used by Louvain at every level.
struct UndirectedWeightedGraph {
    var offsets: [Int]
    var neighbors: [Int32]
    var weights: [Double]
    /// Weighted degree (row sum, self-loop counted twice) of each node.
    var degree: [Double]
    /// Total of all degrees (2m).
    var total: Double

    var count: Int { degree.count }

    init(offsets: [Int], neighbors: [Int32], weights: [Double]) {
        self.offsets = offsets
        self.neighbors = neighbors
        self.weights = weights
        let n = offsets.count - 1
        var degree = [Double](repeating: 0, count: n)
        for u in 0..<n {
            for p in offsets[u]..<offsets[u + 1] { degree[u] += weights[p] }
        }
        self.degree = degree
        self.total = degree.reduce(0, +)
    }

    /// The projection of a directed graph: merges out- and in-lists (both sorted by node).
    init(_ graph: CapitalFlowGraph) {
        let n = graph.nodeCount
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbors: [Int32] = []
        var weights: [Double] = []
        neighbors.reserveCapacity(graph.edgeCount * 2)
        weights.reserveCapacity(graph.edgeCount * 2)
        for u in 0..<n {
            var a = graph.outOffsets[u], b = graph.inOffsets[u]
            let aEnd = graph.outOffsets[u + 1], bEnd = graph.inOffsets[u + 1]
            while a < aEnd || b < bEnd {
                let ta = a < aEnd ? graph.outTargets[a] : Int32.max
                let tb = b < bEnd ? graph.inSources[b] : Int32.max
                var w = 0.0
                let v = min(ta, tb)
                if ta == v {
                    w += Double(graph.outAmounts[a])
                    a += 1
                }
                if tb == v {
                    w += Double(graph.outAmounts[Int(graph.inEdges[b])])
                    b += 1
                }
                neighbors.append(v)
                weights.append(w)
            }
            offsets[u + 1] = neighbors.count
        }
        self.init(offsets: offsets, neighbors: neighbors, weights: weights)
    }

    /// One Louvain level: moves nodes between communities until a pass gains less than the
    /// threshold. Returns whether any node ended outside its own singleton, and the assignment
    /// renumbered to `0..<count`.
    func localMoves(_ options: CommunityOptions, random: inout SeededGenerator) -> (Bool, [Int32], Int) {
        let n = count
        var community = (0..<Int32(n)).map { $0 }
        var communityDegree = degree
        var linkWeight = [Double](repeating: 0, count: n)
        var touched: [Int32] = []
        var order = (0..<Int32(n)).map { $0 }
        order.shuffle(using: &random)
        let gamma = options.resolution
        guard total > 0 else { return (false, community, n) }
        var current = modularity(community, communities: n, resolution: gamma)
        var anyMove = false
        while true {
            var movedThisPass = false
            for u32 in order {
                let u = Int(u32)
                let own = Int(community[u])
                let ku = degree[u]
                // Weights from u to each neighbouring community (self-loops excluded).
                touched.removeAll(keepingCapacity: true)
                for p in offsets[u]..<offsets[u + 1] {
                    let v = Int(neighbors[p])
                    if v == u { continue }
                    let c = Int(community[v])
                    if linkWeight[c] == 0 { touched.append(Int32(c)) }
                    linkWeight[c] += weights[p]
                }
                communityDegree[own] -= ku
                var best = own
                var bestGain = linkWeight[own] - gamma * communityDegree[own] * ku / total
                for c32 in touched {
                    let c = Int(c32)
                    let gain = linkWeight[c] - gamma * communityDegree[c] * ku / total
                    if gain > bestGain + 1e-12 * max(1, abs(bestGain)) {
                        best = c
                        bestGain = gain
                    }
                }
                communityDegree[best] += ku
                for c in touched { linkWeight[Int(c)] = 0 }
                if best != own {
                    community[u] = Int32(best)
                    movedThisPass = true
                    anyMove = true
                }
            }
            guard movedThisPass else { break }
            let q = modularity(community, communities: n, resolution: gamma)
            if q - current < options.threshold { break }
            current = q
        }
        // Renumber in order of first appearance by node.
        var map = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        for v in 0..<n {
            let c = Int(community[v])
            if map[c] < 0 {
                map[c] = next
                next += 1
            }
            community[v] = map[c]
        }
        return (anyMove && Int(next) < n, community, Int(next))
    }

    /// The graph of communities: a node per community, weights summed (internal ones as loops).
    func aggregated(_ assignment: [Int32], communities: Int) -> UndirectedWeightedGraph {
        var rows = [[Int32: Double]](repeating: [:], count: communities)
        for u in 0..<count {
            let cu = assignment[u]
            for p in offsets[u]..<offsets[u + 1] {
                rows[Int(cu)][assignment[Int(neighbors[p])], default: 0] += weights[p]
            }
        }
        var offsets = [Int](repeating: 0, count: communities + 1)
        var neighbors: [Int32] = []
        var weights: [Double] = []
        for c in 0..<communities {
            for (d, w) in rows[c].sorted(by: { $0.key < $1.key }) {
                neighbors.append(d)
                weights.append(w)
            }
            offsets[c + 1] = neighbors.count
        }
        return UndirectedWeightedGraph(offsets: offsets, neighbors: neighbors, weights: weights)
    }

    /// Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ] with in_c the sum of A_uv over u, v in c.
    func modularity(_ community: [Int32], communities: Int, resolution: Double) -> Double {
        guard total > 0 else { return 0 }
        var inside = [Double](repeating: 0, count: communities)
        var tot = [Double](repeating: 0, count: communities)
        for u in 0..<count {
            let c = Int(community[u])
            tot[c] += degree[u]
            for p in offsets[u]..<offsets[u + 1] where community[Int(neighbors[p])] == community[u] {
                inside[c] += weights[p]
            }
        }
        var q = 0.0
        for c in 0..<communities {
            q += inside[c] / total - resolution * (tot[c] / total) * (tot[c] / total)
        }
        return q
    }
}
