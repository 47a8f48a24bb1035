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
    ///
    /// Three steps: number the nodes in natural key order, bucket the raw edges by source
    /// (counting sort), then sort each bucket by target and merge duplicate pairs in place.
    public consuming func build() throws(GraphError) -> CapitalFlowGraph {
        let (order, numeric) = keys.naturalOrder()
        var rank = [Int32](repeating: 0, count: keys.count)
        for (r, old) in order.enumerated() { rank[Int(old)] = Int32(r) }
        let sortedKeys = keys.sortedKeys(order, numeric: numeric)
        var rows = EdgeRows(
            bySource: sources, targets: targets, amounts: amounts, counts: counts, rank: rank, nodes: keys.count)
        sources = []
        targets = []
        amounts = []
        counts = []
        let outOffsets = try rows.mergeDuplicates(keys: sortedKeys)
        return CapitalFlowGraph(
            keys: sortedKeys, amountScale: amountScale, outOffsets: outOffsets, outTargets: rows.targets,
            outAmounts: rows.amounts, outCounts: rows.counts)
    }
}

/// The raw edges as rows by source node (CSR before merging), in three parallel columns.
private struct EdgeRows {
    /// Row `u` is `offsets[u]..<offsets[u + 1]`.
    var offsets: ContiguousArray<Int>
    var targets: ContiguousArray<Int32>
    var amounts: ContiguousArray<Int64>
    var counts: ContiguousArray<Int32>

    /// Counting sort of the raw edges by their source's rank; node ids become ranks.
    ///
    /// - Complexity: O(E + n).
    init(
        bySource sources: [Int32], targets raw: [Int32], amounts: [Int64], counts: [Int32], rank: [Int32], nodes n: Int
    ) {
        let m = sources.count
        offsets = ContiguousArray(repeating: 0, count: n + 1)
        for s in sources { offsets[Int(rank[Int(s)]) + 1] += 1 }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        var cursor = offsets
        targets = ContiguousArray(repeating: 0, count: m)
        self.amounts = ContiguousArray(repeating: 0, count: m)
        self.counts = ContiguousArray(repeating: 0, count: m)
        for i in 0..<m {
            let u = Int(rank[Int(sources[i])])
            let slot = cursor[u]
            targets[slot] = rank[Int(raw[i])]
            self.amounts[slot] = amounts[i]
            self.counts[slot] = counts[i]
            cursor[u] = slot + 1
        }
    }

    /// Sorts each row by target and merges repeated targets (amounts summed overflow-checked,
    /// counts saturating), compacting the columns in place; returns the merged rows' offsets.
    ///
    /// - Complexity: O(Σ d log d) for rows that arrive unsorted, O(d) for sorted ones.
    mutating func mergeDuplicates(keys: NodeKeys) throws(GraphError) -> ContiguousArray<Int> {
        let n = offsets.count - 1, m = targets.count
        var merged = ContiguousArray<Int>(repeating: 0, count: n + 1)
        var write = 0
        var scratch: [(Int32, Int64, Int32)] = []
        for u in 0..<n {
            let start = offsets[u], end = offsets[u + 1]
            sortRow(start..<end, scratch: &scratch)
            var e = start
            while e < end {
                let t = targets[e]
                var amount = amounts[e]
                var count = counts[e]
                e += 1
                while e < end, targets[e] == t {
                    let (sum, overflow) = amount.addingReportingOverflow(amounts[e])
                    guard !overflow else {
                        throw GraphError(
                            .overflow, field: "amount",
                            "total amount from \(keys.key(Int32(u))) to \(keys.key(t)) exceeds \(Int64.max)")
                    }
                    amount = sum
                    let (c, cOverflow) = count.addingReportingOverflow(counts[e])
                    count = cOverflow ? Int32.max : c
                    e += 1
                }
                targets[write] = t
                amounts[write] = amount
                counts[write] = count
                write += 1
            }
            merged[u + 1] = write
        }
        guard write <= Int(Int32.max) else {
            throw GraphError(.overflow, "more than \(Int32.max) distinct edges")
        }
        if write < m - m / 8 {
            // Give back the memory of merged duplicates.
            targets = ContiguousArray(targets[0..<write])
            amounts = ContiguousArray(amounts[0..<write])
            counts = ContiguousArray(counts[0..<write])
        } else {
            targets.removeLast(m - write)
            amounts.removeLast(m - write)
            counts.removeLast(m - write)
        }
        return merged
    }

    /// Sorts one row by target (a no-op, after one pass, when it already is).
    private mutating func sortRow(_ row: Range<Int>, scratch: inout [(Int32, Int64, Int32)]) {
        guard row.count > 1 else { return }
        var sorted = true
        for e in (row.lowerBound + 1)..<row.upperBound where targets[e] <= targets[e - 1] {
            sorted = false
            break
        }
        if sorted { return }
        scratch.removeAll(keepingCapacity: true)
        for e in row { scratch.append((targets[e], amounts[e], counts[e])) }
        scratch.sort { $0.0 < $1.0 }
        for (k, item) in scratch.enumerated() {
            targets[row.lowerBound + k] = item.0
            amounts[row.lowerBound + k] = item.1
            counts[row.lowerBound + k] = item.2
        }
    }
}
