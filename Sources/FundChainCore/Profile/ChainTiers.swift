/// Each firm's tier in the industrial chains: its distance from the nearest core enterprise.
///
/// Breadth-first from every core at once, both ways along money flows: a firm paid by a tier-t
/// firm is at tier t + 1 when that payment is a significant part of its inflow (a supplier), and a
/// firm paying a tier-t firm is at tier t + 1 when the payment is a significant part of its
/// outflow (a buyer, e.g. a dealer). "Significant" is `GraphFeatures.chainLinkShare`.
struct ChainTiers {
    /// `nil`: not linked within `GraphFeatures.maxChainTier` hops.
    var tier: [Int?]
    /// The firm one hop closer to a core, −1 for cores and unlinked firms.
    var parent: [Int32]

    /// - Complexity: O(n + E).
    init(_ graph: CapitalFlowGraph, isCore: [Bool], inflow: [Int64], outflow: [Int64]) {
        let n = graph.nodeCount
        tier = Array(repeating: nil, count: n)
        parent = Array(repeating: -1, count: n)
        var queue: [Int32] = (0..<Int32(n)).filter { isCore[Int($0)] }
        for c in queue { tier[Int(c)] = 0 }
        let share = GraphFeatures.chainLinkShare
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            let next = tier[Int(u)]! + 1
            guard next <= GraphFeatures.maxChainTier else { continue }
            func reach(_ v: Int32, _ amount: Int64, _ base: Int64) {
                guard tier[Int(v)] == nil, base > 0, Double(amount) >= share * Double(base) else { return }
                tier[Int(v)] = next
                parent[Int(v)] = u
                queue.append(v)
            }
            for e in graph.outEdges(of: u) {
                let v = graph.target(ofEdge: e)
                reach(v, graph.amount(ofEdge: e), inflow[Int(v)])
            }
            for p in graph.inPositions(of: u) {
                let v = graph.source(atInPosition: p)
                reach(v, graph.amount(ofEdge: graph.inEdge(at: p)), outflow[Int(v)])
            }
        }
    }

    /// The firm, then each firm closer to the core, ending with the core.
    func path(from v: Int32) -> [Int32] {
        var path = [v]
        var u = v
        while parent[Int(u)] >= 0 {
            u = parent[Int(u)]
            path.append(u)
        }
        return path
    }
}
