extension CapitalFlowGraph {
    /// Strongly connected components (iterative Tarjan: an explicit call stack, so no recursion
    /// depth limit). Edges for which `include` is `false` are ignored.
    ///
    /// - Complexity: O(n + E) time, O(n) extra memory.
    public func stronglyConnectedComponents() -> Components {
        stronglyConnectedComponents(minAmount: nil)
    }

    /// Strongly connected components over the edges with amount ≥ `minAmount` (all when `nil`).
    ///
    /// - Complexity: O(n + E) time, O(n) extra memory.
    public func stronglyConnectedComponents(minAmount: Int64?) -> Components {
        let n = nodeCount
        var index = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var label = [Int32](repeating: 0, count: n)
        var stack: [Int32] = []
        // Call stack frames: node and the next forward edge to look at.
        var frames: [(node: Int32, edge: Int)] = []
        var counter: Int32 = 0
        var components: Int32 = 0
        let threshold = minAmount ?? Int64.min
        for root in 0..<Int32(n) where index[Int(root)] < 0 {
            index[Int(root)] = counter
            low[Int(root)] = counter
            counter += 1
            stack.append(root)
            onStack[Int(root)] = true
            frames.append((root, outOffsets[Int(root)]))
            while let top = frames.last {
                let v = Int(top.node)
                var e = top.edge
                let end = outOffsets[v + 1]
                var descended = false
                while e < end {
                    let w = Int(outTargets[e])
                    let amount = outAmounts[e]
                    e += 1
                    if amount < threshold { continue }
                    if index[w] < 0 {
                        frames[frames.count - 1].edge = e
                        index[w] = counter
                        low[w] = counter
                        counter += 1
                        stack.append(Int32(w))
                        onStack[w] = true
                        frames.append((Int32(w), outOffsets[w]))
                        descended = true
                        break
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                }
                if descended { continue }
                frames.removeLast()
                if low[v] == index[v] {
                    while true {
                        let w = stack.removeLast()
                        onStack[Int(w)] = false
                        label[Int(w)] = components
                        if Int(w) == v { break }
                    }
                    components += 1
                }
                if let parent = frames.last {
                    low[Int(parent.node)] = min(low[Int(parent.node)], low[v])
                }
            }
        }
        return Components(labels: label)
    }

    /// Weakly connected components (union–find with path halving and union by size).
    ///
    /// - Complexity: O(n + E α(n)) time, O(n) extra memory.
    public func weaklyConnectedComponents() -> Components {
        let n = nodeCount
        var sets = DisjointSets(count: n)
        for u in 0..<n {
            for e in outOffsets[u]..<outOffsets[u + 1] { sets.union(Int32(u), outTargets[e]) }
        }
        var labels = [Int32](repeating: 0, count: n)
        for v in 0..<n { labels[v] = sets.find(Int32(v)) }
        return Components(labels: labels)
    }

    /// The condensation: one node per strongly connected component, an edge between two
    /// components when some edge joins their members. Returned as sorted successor lists.
    ///
    /// - Complexity: O(n + E log E).
    public func condensation(_ components: Components) -> [[Int32]] {
        var successors = [[Int32]](repeating: [], count: components.count)
        for u in 0..<nodeCount {
            let cu = components.component[u]
            for e in outOffsets[u]..<outOffsets[u + 1] {
                let cv = components.component[Int(outTargets[e])]
                if cu != cv { successors[Int(cu)].append(cv) }
            }
        }
        for c in successors.indices { successors[c] = Array(Set(successors[c])).sorted() }
        return successors
    }
}
