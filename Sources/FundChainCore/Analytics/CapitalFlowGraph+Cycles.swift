extension CapitalFlowGraph {
    /// Calls `body` with every simple cycle of at most `maxLength` nodes whose edges all carry
    /// at least `minAmount` (every edge when `nil`), each rotated to start at its smallest node.
    /// Self-loops are cycles of length 1, as in NetworkX's `simple_cycles(G, length_bound=K)`.
    ///
    /// Johnson-style: the search is restricted to the non-trivial strongly connected components
    /// (of the edges that pass `minAmount`), each cycle is found once from its smallest node `s`
    /// through nodes greater than `s` only, and a bounded reverse breadth-first search from `s`
    /// prunes any path that could not close within the length bound. Iterative, no recursion.
    ///
    /// - Complexity: O(n + E) for the components plus, per start node, O(E_s) for its bounded
    ///   search and O(K × E_s) per cycle found (E_s: edges of its component), so
    ///   output-sensitive; the number of cycles itself can be exponential in K.
    public func forEachSimpleCycle(
        maxLength: Int, minAmount: Int64? = nil, _ body: ([Int32]) throws -> Void
    ) rethrows {
        guard maxLength >= 1 else { return }
        let threshold = minAmount ?? Int64.min
        let components = stronglyConnectedComponents(minAmount: minAmount)
        let sizes = components.sizes
        let comp = components.component
        let n = nodeCount
        // distance[w] is valid for start s only when stamp[w] == s.
        var distance = [Int32](repeating: 0, count: n)
        var stamp = [Int32](repeating: -1, count: n)
        var onPath = [Bool](repeating: false, count: n)
        var queue: [Int32] = []
        var path: [Int32] = []
        var frames: [Int] = []  // next forward edge of each path node
        for s in 0..<n {
            let start = Int32(s)
            if let loop = edge(from: start, to: start), outAmounts[loop] >= threshold { try body([start]) }
            guard maxLength >= 2, sizes[Int(comp[s])] > 1 else { continue }
            let c = comp[s]
            // Bounded reverse BFS: hops from each allowed node back to s.
            queue.removeAll(keepingCapacity: true)
            queue.append(start)
            stamp[s] = start
            distance[s] = 0
            var head = 0
            while head < queue.count {
                let w = Int(queue[head])
                head += 1
                let d = distance[w]
                if Int(d) + 1 >= maxLength { continue }
                for p in inOffsets[w]..<inOffsets[w + 1] {
                    let u = Int(inSources[p])
                    guard u > s, comp[u] == c, stamp[u] != start,
                        outAmounts[Int(inEdges[p])] >= threshold
                    else { continue }
                    stamp[u] = start
                    distance[u] = d + 1
                    queue.append(Int32(u))
                }
            }
            // Depth-first search over simple paths from s.
            path.removeAll(keepingCapacity: true)
            frames.removeAll(keepingCapacity: true)
            path.append(start)
            frames.append(outOffsets[s])
            onPath[s] = true
            while let v = path.last {
                let top = frames.count - 1
                var e = frames[top]
                let end = outOffsets[Int(v) + 1]
                var pushed = false
                while e < end {
                    let w = Int(outTargets[e])
                    let amount = outAmounts[e]
                    e += 1
                    guard amount >= threshold else { continue }
                    if w == s {
                        if path.count >= 2 { try body(path) }
                        continue
                    }
                    guard w > s, stamp[w] == start, !onPath[w], path.count + Int(distance[w]) <= maxLength
                    else { continue }
                    frames[top] = e
                    path.append(Int32(w))
                    frames.append(outOffsets[w])
                    onPath[w] = true
                    pushed = true
                    break
                }
                if pushed { continue }
                onPath[Int(v)] = false
                path.removeLast()
                frames.removeLast()
            }
        }
    }

    /// All simple cycles of at most `maxLength` nodes (see `forEachSimpleCycle`), in the order
    /// found: by smallest node, then depth-first in target order.
    public func simpleCycles(maxLength: Int, minAmount: Int64? = nil) -> [[Int32]] {
        var cycles: [[Int32]] = []
        forEachSimpleCycle(maxLength: maxLength, minAmount: minAmount) { cycles.append($0) }
        return cycles
    }
}
