import Dispatch

extension CapitalFlowGraph {
    /// Weighted PageRank, edge weights the amounts, exactly as NetworkX's `pagerank(G, weight=)`:
    /// each row normalised by the node's total outflow, dangling nodes (no outflow, or only
    /// zero-amount edges) send their mass along the teleport vector, convergence when the L1
    /// change is below `nodeCount × tolerance`. Scores are not renormalised afterwards.
    ///
    /// - Complexity: O(iterations × (n + E)) time, O(n + E) scratch (one `Double` per edge).
    public func pageRank(_ options: PageRankOptions = .init()) -> PageRank {
        pageRank(options, teleport: nil)
    }

    /// Personalised PageRank: teleports (and dangling mass) go to the `seeds` only, in proportion
    /// to their weights (NetworkX's `personalization`). Seeds with weight ≤ 0 are ignored; if none
    /// is left the result is the plain PageRank.
    ///
    /// - Complexity: as `pageRank(_:)`.
    public func personalizedPageRank(seeds: [Int32: Double], _ options: PageRankOptions = .init()) -> PageRank {
        var p = [Double](repeating: 0, count: nodeCount)
        var total = 0.0
        for (node, weight) in seeds where weight > 0 {
            p[Int(node)] += weight
            total += weight
        }
        guard total > 0 else { return pageRank(options) }
        for i in p.indices { p[i] /= total }
        return pageRank(options, teleport: p)
    }

    func pageRank(_ options: PageRankOptions, teleport: [Double]?) -> PageRank {
        let n = nodeCount
        guard n > 0 else { return PageRank(scores: [], iterations: 0, converged: true) }
        let alpha = options.damping
        var inverseStrength = [Double](repeating: 0, count: n)
        var dangling: [Int32] = []
        for u in 0..<n {
            let s = outStrength(Int32(u))
            if s != 0 { inverseStrength[u] = 1 / s } else { dangling.append(Int32(u)) }
        }
        // Transition probability of every in-edge, in reverse order (sequential reads below).
        var probability = [Double](repeating: 0, count: edgeCount)
        for p in 0..<edgeCount {
            probability[p] = inverseStrength[Int(inSources[p])] * Double(outAmounts[Int(inEdges[p])])
        }
        let uniform = 1 / Double(n)
        var x = [Double](repeating: uniform, count: n)
        var next = [Double](repeating: 0, count: n)
        let blocks = Self.rowBlocks(offsets: inOffsets, count: max(1, min(options.parallelism, 64)))
        var iterations = 0
        var converged = false
        while iterations < options.maxIterations {
            iterations += 1
            var danglingMass = 0.0
            for d in dangling { danglingMass += x[Int(d)] }
            let err = x.withUnsafeBufferPointer { xs in
                next.withUnsafeMutableBufferPointer { out in
                    probability.withUnsafeBufferPointer { prob in
                        inSources.withUnsafeBufferPointer { src in
                            inOffsets.withUnsafeBufferPointer { off in
                                let step = Step(
                                    x: xs, out: out, probability: prob, sources: src, offsets: off,
                                    teleport: teleport, alpha: alpha, danglingMass: danglingMass, uniform: uniform)
                                if blocks.count == 1 { return step.run(0..<n) }
                                var partial = [Double](repeating: 0, count: blocks.count)
                                partial.withUnsafeMutableBufferPointer { errs in
                                    let sums = BlockSums(values: errs)
                                    DispatchQueue.concurrentPerform(iterations: blocks.count) { b in
                                        sums.values[b] = step.run(blocks[b])
                                    }
                                }
                                return partial.reduce(0, +)
                            }
                        }
                    }
                }
            }
            swap(&x, &next)
            if err < Double(n) * options.tolerance {
                converged = true
                break
            }
        }
        return PageRank(scores: x, iterations: iterations, converged: converged)
    }

    /// Splits `0..<n` into at most `count` contiguous row blocks of about equal edge counts.
    static func rowBlocks(offsets: ContiguousArray<Int>, count: Int) -> [Range<Int>] {
        let n = offsets.count - 1
        guard count > 1, n > 0 else { return [0..<n] }
        let total = offsets[n]
        var blocks: [Range<Int>] = []
        var start = 0
        for b in 1..<count {
            let goal = total / count * b
            var lo = start, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if offsets[mid] < goal { lo = mid + 1 } else { hi = mid }
            }
            if lo > start {
                blocks.append(start..<lo)
                start = lo
            }
        }
        blocks.append(start..<n)
        return blocks
    }
}

/// One slot per block for the blocks' L1 changes.
///
/// `@unchecked Sendable`: block `b` writes only `values[b]`, and the buffer outlives
/// `concurrentPerform`, which returns only when every block is done.
struct BlockSums: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<Double>
}

/// One PageRank iteration over a block of rows.
///
/// `@unchecked Sendable`: blocks only read `x`, `probability`, `sources`, `offsets` (unchanged
/// during the iteration) and each writes only its own rows of `out`; the buffers outlive the
/// `concurrentPerform` call that runs the blocks.
struct Step: @unchecked Sendable {
    let x: UnsafeBufferPointer<Double>
    let out: UnsafeMutableBufferPointer<Double>
    let probability: UnsafeBufferPointer<Double>
    let sources: UnsafeBufferPointer<Int32>
    let offsets: UnsafeBufferPointer<Int>
    let teleport: [Double]?
    let alpha: Double
    let danglingMass: Double
    let uniform: Double

    /// Writes rows `rows` of the next vector; returns their L1 change.
    func run(_ rows: Range<Int>) -> Double {
        var err = 0.0
        for v in rows {
            var sum = 0.0
            for p in offsets[v]..<offsets[v + 1] {
                sum += x[Int(sources[p])] * probability[p]
            }
            let pv = teleport?[v] ?? uniform
            let value = alpha * (sum + danglingMass * pv) + (1 - alpha) * pv
            out[v] = value
            err += abs(value - x[v])
        }
        return err
    }
}
