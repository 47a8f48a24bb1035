/// A graph's node keys in node order (natural key order, see `NodeKeyTable+Order`), with lookup
/// by binary search: no hash table stays resident with the graph.
///
/// - Complexity: `key(_:)` O(key length); `index(of:)` O(log n) key comparisons. Memory: the key
///   bytes plus 8 bytes per key.
public struct NodeKeys: Sendable {
    let arena: [UInt8]
    let ends: [Int]
    /// Every key is an integer and keys are ordered numerically.
    let numeric: Bool

    public var count: Int { ends.count }

    func range(of index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

    /// The key of node `index`.
    public func key(_ index: Int32) -> String { String(decoding: arena[range(of: Int(index))], as: UTF8.self) }

    /// The node whose key is `key`, if any.
    public func index(of key: String) -> Int32? {
        let query = Array(key.utf8)
        var value: Int64 = 0
        if numeric {
            guard let v = NodeKeyTable.integer(query[...]) else { return nil }
            value = v
        }
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if less(mid, query, value) { lo = mid + 1 } else { hi = mid }
        }
        guard lo < count, arena[range(of: lo)].elementsEqual(query) else { return nil }
        return Int32(lo)
    }

    /// Key `index` < the query (bytes, and its value in numeric mode).
    func less(_ index: Int, _ query: [UInt8], _ value: Int64) -> Bool {
        let bytes = arena[range(of: index)]
        if numeric {
            let v = NodeKeyTable.integer(bytes)!
            if v != value { return v < value }
        }
        return bytes.lexicographicallyPrecedes(query)
    }

    var residentBytes: Int { arena.capacity + ends.capacity * MemoryLayout<Int>.stride }
}
