/// The capital-flow graph: which firm paid which, how much and in how many transactions.
///
/// Compressed sparse row in both directions, as a struct of arrays (STYLE.md §12):
/// - forward: `outOffsets[u]..<outOffsets[u + 1]` index `outTargets`, `outAmounts`, `outCounts`,
///   sorted by target, one edge per (source, target) pair (duplicates summed when built);
/// - reverse: `inOffsets[v]..<inOffsets[v + 1]` index `inSources` (sorted by source) and
///   `inEdges`, the position of the same edge in the forward arrays, so amounts are stored once.
///
/// Nodes are numbered `0..<nodeCount` in natural key order (see `NodeKeyTable+Order`), so node
/// indices compare like their keys and the graph does not depend on the order edges arrived in.
/// Self-loops are kept (a firm paying itself across accounts) and flagged: `isSelfLoop(edge:)`,
/// `selfLoopCount`.
///
/// Resident memory is 24 bytes per edge (4 target + 8 amount + 4 count forward, 4 source + 4 edge
/// index reverse) plus per-node offsets and keys; `residentBytes` reports it. Edge indices are
/// `Int32`, so a graph holds at most 2³¹ − 1 distinct edges.
public struct CapitalFlowGraph: Sendable {
    public let nodeCount: Int
    /// Decimal places of the amount unit: 2 when amounts are fen of a yuan amount, or the scale
    /// an edge-list file's weights were read at.
    public let amountScale: Int
    /// The node keys, in node order.
    public let keys: NodeKeys
    public let selfLoopCount: Int

    let outOffsets: ContiguousArray<Int>
    let outTargets: ContiguousArray<Int32>
    let outAmounts: ContiguousArray<Int64>
    let outCounts: ContiguousArray<Int32>
    let inOffsets: ContiguousArray<Int>
    let inSources: ContiguousArray<Int32>
    let inEdges: ContiguousArray<Int32>

    init(
        keys: NodeKeys, amountScale: Int, outOffsets: ContiguousArray<Int>, outTargets: ContiguousArray<Int32>,
        outAmounts: ContiguousArray<Int64>, outCounts: ContiguousArray<Int32>
    ) {
        let n = keys.count
        self.nodeCount = n
        self.keys = keys
        self.amountScale = amountScale
        self.outOffsets = outOffsets
        self.outTargets = outTargets
        self.outAmounts = outAmounts
        self.outCounts = outCounts
        // Reverse adjacency by counting sort on targets; scanning sources in order leaves every
        // in-list sorted by source.
        var inOffsets = ContiguousArray<Int>(repeating: 0, count: n + 1)
        for t in outTargets { inOffsets[Int(t) + 1] += 1 }
        for v in 0..<n { inOffsets[v + 1] += inOffsets[v] }
        var cursor = inOffsets
        var inSources = ContiguousArray<Int32>(repeating: 0, count: outTargets.count)
        var inEdges = ContiguousArray<Int32>(repeating: 0, count: outTargets.count)
        var loops = 0
        for u in 0..<n {
            for e in outOffsets[u]..<outOffsets[u + 1] {
                let t = Int(outTargets[e])
                if t == u { loops += 1 }
                let slot = cursor[t]
                inSources[slot] = Int32(u)
                inEdges[slot] = Int32(e)
                cursor[t] = slot + 1
            }
        }
        self.inOffsets = inOffsets
        self.inSources = inSources
        self.inEdges = inEdges
        self.selfLoopCount = loops
    }

    /// The number of distinct (source, target) edges.
    public var edgeCount: Int { outTargets.count }

    /// Forward edge indices of `node`'s payments, in target order.
    @inline(__always)
    public func outEdges(of node: Int32) -> Range<Int> { outOffsets[Int(node)]..<outOffsets[Int(node) + 1] }

    /// Reverse positions of the payments `node` received, in source order; map each with
    /// `inEdge(at:)` to its forward edge index.
    @inline(__always)
    public func inPositions(of node: Int32) -> Range<Int> { inOffsets[Int(node)]..<inOffsets[Int(node) + 1] }

    @inline(__always) public func target(ofEdge e: Int) -> Int32 { outTargets[e] }
    @inline(__always) public func amount(ofEdge e: Int) -> Int64 { outAmounts[e] }
    @inline(__always) public func transactionCount(ofEdge e: Int) -> Int32 { outCounts[e] }
    @inline(__always) public func source(atInPosition p: Int) -> Int32 { inSources[p] }
    @inline(__always) public func inEdge(at p: Int) -> Int { Int(inEdges[p]) }

    public func outDegree(_ node: Int32) -> Int { outEdges(of: node).count }
    public func inDegree(_ node: Int32) -> Int { inPositions(of: node).count }

    /// `true` when forward edge `e` of `source` goes back to `source`.
    public func isSelfLoop(edge e: Int, of source: Int32) -> Bool { outTargets[e] == source }

    /// The forward edge from `source` to `target`, if any.
    ///
    /// - Complexity: O(log outDegree(source)).
    public func edge(from source: Int32, to target: Int32) -> Int? {
        var lo = outOffsets[Int(source)], hi = outOffsets[Int(source) + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if outTargets[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo < outOffsets[Int(source) + 1] && outTargets[lo] == target ? lo : nil
    }

    /// The key of `node`.
    public func key(_ node: Int32) -> String { keys.key(node) }

    /// The node with key `key`, if any.
    public func node(_ key: String) -> Int32? { keys.index(of: key) }

    /// Bytes held by the adjacency arrays and keys (capacities, not counts).
    public var residentBytes: Int {
        outOffsets.capacity * 8 + outTargets.capacity * 4 + outAmounts.capacity * 8 + outCounts.capacity * 4
            + inOffsets.capacity * 8 + inSources.capacity * 4 + inEdges.capacity * 4 + keys.residentBytes
    }

    /// Total amount paid out by `node` (self-loops included), as a `Double` for ratios.
    func outStrength(_ node: Int32) -> Double {
        var s = 0.0
        for e in outEdges(of: node) { s += Double(outAmounts[e]) }
        return s
    }
}
