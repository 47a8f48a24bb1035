extension CapitalFlowGraph {
    /// The chain of `firm` to `depth` hops in `direction`: every simple path, its last hop's amount
    /// and the share of the firm's flows it carries (see `ChainPath.share`). Paths whose share
    /// falls below `minShare` are not extended; at most `maxPaths` paths are returned. The outside
    /// world (`outsideWorldKey`) ends a path: it stands for many unrelated parties, so money
    /// reaching it is not traced through it.
    ///
    /// Iterative depth-first search with an explicit stack.
    ///
    /// - Complexity: O(P × depth) for P paths returned, plus O(n) setup; P is at most
    ///   `maxPaths` and can otherwise grow as degree^depth.
    public func chain(
        of firm: Int32, direction: ChainDirection, depth: Int, minShare: Double = 0, maxPaths: Int = 1_000_000
    ) -> ChainTrace {
        let upstream = direction == .upstream
        // Total flow each firm sends (upstream) or receives (downstream), self-loops excluded.
        func total(_ v: Int32) -> Double {
            var s = 0.0
            if upstream {
                for e in outEdges(of: v) where outTargets[e] != v { s += Double(outAmounts[e]) }
            } else {
                for p in inPositions(of: v) where inSources[p] != v { s += Double(outAmounts[Int(inEdges[p])]) }
            }
            return s
        }
        func range(_ v: Int32) -> Range<Int> { upstream ? outEdges(of: v) : inPositions(of: v) }
        func hop(_ i: Int) -> (Int32, Int64) {
            upstream ? (outTargets[i], outAmounts[i]) : (inSources[i], outAmounts[Int(inEdges[i])])
        }
        var trace = ChainTrace(root: firm, direction: direction, paths: [], truncated: false)
        let outside = node(Self.outsideWorldKey) ?? -1
        guard depth >= 1 else { return trace }
        var onPath = [Bool](repeating: false, count: nodeCount)
        var nodes: [Int32] = [firm]
        var shares: [Double] = [1]
        var totals: [Double] = [total(firm)]
        var cursors: [Int] = [range(firm).lowerBound]
        onPath[Int(firm)] = true
        while let v = nodes.last {
            let top = nodes.count - 1
            let end = range(v).upperBound
            var pushed = false
            while cursors[top] < end {
                let i = cursors[top]
                cursors[top] += 1
                let (w, amount) = hop(i)
                guard !onPath[Int(w)], totals[top] > 0 else { continue }
                let share = shares[top] * Double(amount) / totals[top]
                guard trace.paths.count < maxPaths else {
                    trace.truncated = true
                    return trace
                }
                trace.paths.append(ChainPath(nodes: nodes + [w], amount: amount, share: share))
                if nodes.count < depth, share >= minShare, w != outside {
                    nodes.append(w)
                    shares.append(share)
                    totals.append(total(w))
                    cursors.append(range(w).lowerBound)
                    onPath[Int(w)] = true
                    pushed = true
                    break
                }
            }
            if pushed { continue }
            onPath[Int(v)] = false
            nodes.removeLast()
            shares.removeLast()
            totals.removeLast()
            cursors.removeLast()
        }
        return trace
    }
}
