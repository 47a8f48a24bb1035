/// How concentrated a firm's counterparties are, on one side (inflows or outflows).
public struct Concentration: Sendable, Hashable {
    /// Herfindahl–Hirschman index Σ sᵢ² of the counterparty shares, in [0, 1]; 0 with no flows.
    public var hhi: Double
    /// Largest counterparty's share.
    public var top1: Double
    /// Share of the five largest counterparties.
    public var top5: Double
    /// Number of counterparties.
    public var counterparties: Int
}

extension CapitalFlowGraph {
    /// Concentration of each firm's inflows (`inflows`) and outflows (`outflows`) over its
    /// counterparties, self-loops excluded.
    ///
    /// - Complexity: O(n + E) time (a bounded top-5 per firm), O(max degree) scratch.
    public func concentration() -> (inflows: [Concentration], outflows: [Concentration]) {
        var inflows: [Concentration] = []
        var outflows: [Concentration] = []
        inflows.reserveCapacity(nodeCount)
        outflows.reserveCapacity(nodeCount)
        var amounts: [Double] = []
        for v in 0..<Int32(nodeCount) {
            amounts.removeAll(keepingCapacity: true)
            for e in outEdges(of: v) where outTargets[e] != v { amounts.append(Double(outAmounts[e])) }
            outflows.append(Self.concentration(amounts))
            amounts.removeAll(keepingCapacity: true)
            for p in inPositions(of: v) where inSources[p] != v { amounts.append(Double(outAmounts[Int(inEdges[p])])) }
            inflows.append(Self.concentration(amounts))
        }
        return (inflows, outflows)
    }

    static func concentration(_ amounts: [Double]) -> Concentration {
        let total = amounts.reduce(0, +)
        guard total > 0 else { return Concentration(hhi: 0, top1: 0, top5: 0, counterparties: amounts.count) }
        var hhi = 0.0
        var top = [Double](repeating: 0, count: 5)  // descending
        for a in amounts {
            let s = a / total
            hhi += s * s
            if a > top[4] {
                var k = 4
                while k > 0, top[k - 1] < a {
                    top[k] = top[k - 1]
                    k -= 1
                }
                top[k] = a
            }
        }
        return Concentration(
            hhi: hhi, top1: top[0] / total, top5: top.reduce(0, +) / total, counterparties: amounts.count)
    }
}
