/// Builds a `CapitalFlowGraph` from an unsorted stream of edges.
///
/// Feed it edges in any order, with repeated (source, target) pairs; `build()` sums duplicates
/// (amounts overflow-checked, transaction counts saturating), numbers nodes in natural key order
/// and lays out both adjacency directions.
///
/// ```swift
/// var builder = CapitalFlowGraphBuilder()
/// try builder.addEdge(from: "91500000MA5U0001X1", to: "91500000MA5U0002X1", amount: 12_300, transactions: 2)
/// let graph = try builder.build()
/// ```
///
/// - Complexity: `addEdge` amortised O(key length); `build()` O(E + n log n + Σ d log d) where d
///   are the out-degrees, with about 36 bytes per raw edge of transient memory.
public struct CapitalFlowGraphBuilder: Sendable {
    var keys = NodeKeyTable()
    var sources: [Int32] = []
    var targets: [Int32] = []
    var amounts: [Int64] = []
    var counts: [Int32] = []
    /// Decimal places of the amount unit (2: fen).
    public internal(set) var amountScale: Int

    public init(amountScale: Int = 2, expectedEdges: Int = 0) {
        self.amountScale = amountScale
        sources.reserveCapacity(expectedEdges)
        targets.reserveCapacity(expectedEdges)
        amounts.reserveCapacity(expectedEdges)
        counts.reserveCapacity(expectedEdges)
    }

    /// The number of raw edges added so far.
    public var rawEdgeCount: Int { sources.count }

    /// The node for `key`, added (possibly without edges) if new.
    @discardableResult
    public mutating func node(_ key: String) -> Int32 { keys.intern(key) }

    /// The node for the UTF-8 `bytes`, added if new.
    mutating func node(bytes: UnsafeBufferPointer<UInt8>) -> Int32 { keys.intern(bytes) }

    /// Adds a raw edge between nodes returned by `node(_:)`. `amount` must be ≥ 0.
    public mutating func addEdge(from source: Int32, to target: Int32, amount: Int64, transactions: Int32 = 1)
        throws(GraphError)
    {
        guard amount >= 0 else {
            throw GraphError(.negativeWeight, field: "amount", "negative amount \(amount) from \(keys.key(source))")
        }
        sources.append(source)
        targets.append(target)
        amounts.append(amount)
        counts.append(transactions)
    }

    /// Adds a raw edge between two keys.
    public mutating func addEdge(from source: String, to target: String, amount: Int64, transactions: Int32 = 1)
        throws(GraphError)
    {
        let s = keys.intern(source), t = keys.intern(target)
        try addEdge(from: s, to: t, amount: amount, transactions: transactions)
    }

    /// Lays out the graph. The builder is consumed.
    public consuming func build() throws(GraphError) -> CapitalFlowGraph {
        let n = keys.count
        let (order, numeric) = keys.naturalOrder()
        var rank = [Int32](repeating: 0, count: n)
        for (r, old) in order.enumerated() { rank[Int(old)] = Int32(r) }
        let sortedKeys = keys.sortedKeys(order, numeric: numeric)
        let m = sources.count

        // Counting sort by source rank.
        var offsets = ContiguousArray<Int>(repeating: 0, count: n + 1)
        for s in sources { offsets[Int(rank[Int(s)]) + 1] += 1 }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        var cursor = offsets
        var rowTargets = ContiguousArray<Int32>(repeating: 0, count: m)
        var rowAmounts = ContiguousArray<Int64>(repeating: 0, count: m)
        var rowCounts = ContiguousArray<Int32>(repeating: 0, count: m)
        for i in 0..<m {
            let u = Int(rank[Int(sources[i])])
            let slot = cursor[u]
            rowTargets[slot] = rank[Int(targets[i])]
            rowAmounts[slot] = amounts[i]
            rowCounts[slot] = counts[i]
            cursor[u] = slot + 1
        }
        sources = []
        targets = []
        amounts = []
        counts = []

        // Sort each row by target and merge duplicates, compacting in place.
        var outOffsets = ContiguousArray<Int>(repeating: 0, count: n + 1)
        var write = 0
        var scratch: [(Int32, Int64, Int32)] = []
        for u in 0..<n {
            let start = offsets[u], end = offsets[u + 1]
            var sorted = true
            if end - start > 1 {
                for e in (start + 1)..<end where rowTargets[e] <= rowTargets[e - 1] {
                    sorted = false
                    break
                }
            }
            if !sorted {
                scratch.removeAll(keepingCapacity: true)
                for e in start..<end { scratch.append((rowTargets[e], rowAmounts[e], rowCounts[e])) }
                scratch.sort { $0.0 < $1.0 }
                for (k, item) in scratch.enumerated() {
                    rowTargets[start + k] = item.0
                    rowAmounts[start + k] = item.1
                    rowCounts[start + k] = item.2
                }
            }
            var e = start
            while e < end {
                let t = rowTargets[e]
                var amount = rowAmounts[e]
                var count = rowCounts[e]
                e += 1
                while e < end, rowTargets[e] == t {
                    let (sum, overflow) = amount.addingReportingOverflow(rowAmounts[e])
                    guard !overflow else {
                        throw GraphError(
                            .overflow, field: "amount",
                            "total amount from \(sortedKeys.key(Int32(u))) to \(sortedKeys.key(t)) exceeds \(Int64.max)")
                    }
                    amount = sum
                    let (c, cOverflow) = count.addingReportingOverflow(rowCounts[e])
                    count = cOverflow ? Int32.max : c
                    e += 1
                }
                rowTargets[write] = t
                rowAmounts[write] = amount
                rowCounts[write] = count
                write += 1
            }
            outOffsets[u + 1] = write
        }
        guard write <= Int(Int32.max) else {
            throw GraphError(.overflow, "more than \(Int32.max) distinct edges")
        }
        if write < m - m / 8 {
            // Give back the memory of merged duplicates.
            rowTargets = ContiguousArray(rowTargets[0..<write])
            rowAmounts = ContiguousArray(rowAmounts[0..<write])
            rowCounts = ContiguousArray(rowCounts[0..<write])
        } else {
            rowTargets.removeLast(m - write)
            rowAmounts.removeLast(m - write)
            rowCounts.removeLast(m - write)
        }
        return CapitalFlowGraph(
            keys: sortedKeys, amountScale: amountScale, outOffsets: outOffsets, outTargets: rowTargets,
            outAmounts: rowAmounts, outCounts: rowCounts)
    }
}
