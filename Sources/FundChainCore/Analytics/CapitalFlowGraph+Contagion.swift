extension CapitalFlowGraph {
    /// DebtRank-style contagion (Battiston et al. 2012) through exposure shares: firm j's exposure
    /// to counterparty i is the share of j's inflow that i provides (amount i→j over j's total
    /// inflow, self-loops excluded). `distressed` firms start with stress `initialStress` (default
    /// 1). Each round t, every firm distressed at t − 1 passes its stress on once —
    /// h_j(t) = min(1, h_j(t − 1) + Σ_{i distressed at t − 1} W_ij h_i(t − 1)) for every j — and
    /// becomes inactive; an undistressed firm whose stress became positive is distressed at t.
    /// It ends when no firm is distressed. Returns each firm's stress in [0, 1].
    ///
    /// - Complexity: O(n + E): each firm propagates at most once, over its out-edges.
    public func contagion(distressed: [Int32], initialStress: Double = 1) -> [Double] {
        let n = nodeCount
        var inflow = [Double](repeating: 0, count: n)
        for v in 0..<n {
            for p in inOffsets[v]..<inOffsets[v + 1] where Int(inSources[p]) != v {
                inflow[v] += Double(outAmounts[Int(inEdges[p])])
            }
        }
        // 0 undistressed, 1 distressed (propagates next round), 2 inactive.
        var state = [UInt8](repeating: 0, count: n)
        var stress = [Double](repeating: 0, count: n)
        var frontier: [Int32] = []
        let h0 = min(max(initialStress, 0), 1)
        for d in distressed where state[Int(d)] == 0 {
            stress[Int(d)] = h0
            if h0 > 0 {
                state[Int(d)] = 1
                frontier.append(d)
            }
        }
        var next: [Int32] = []
        while !frontier.isEmpty {
            // Stress passed on this round is each sender's level at the end of the last round.
            let sending = frontier.map { stress[Int($0)] }
            for i in frontier { state[Int(i)] = 2 }
            next.removeAll(keepingCapacity: true)
            for (k, i) in frontier.enumerated() {
                let hi = sending[k]
                for e in outOffsets[Int(i)]..<outOffsets[Int(i) + 1] {
                    let j = Int(outTargets[e])
                    guard j != Int(i), inflow[j] > 0 else { continue }
                    stress[j] = min(1, stress[j] + Double(outAmounts[e]) / inflow[j] * hi)
                    if state[j] == 0, stress[j] > 0 {
                        state[j] = 1
                        next.append(Int32(j))
                    }
                }
            }
            swap(&frontier, &next)
        }
        return stress
    }
}
