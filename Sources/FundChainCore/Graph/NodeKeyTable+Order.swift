/// The natural order of node keys, in which graphs number their nodes and analytics report them.
///
/// When every key is an integer (optional `-`, at most 18 digits) keys compare numerically
/// (`"9" < "10"`), otherwise by their UTF-8 bytes (so USCCs sort as text). Ties between equal
/// numbers written differently (`"7"`, `"07"`) fall back to bytes. "Smallest node id" anywhere
/// in FundChain means smallest in this order.
extension NodeKeyTable {
    /// The integer value of every key, or `nil` unless all keys are integers.
    func integerValues() -> [Int64]? {
        var values = [Int64]()
        values.reserveCapacity(count)
        for index in 0..<count {
            guard let v = Self.integer(keyBytes(index)) else { return nil }
            values.append(v)
        }
        return values
    }

    static func integer(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var i = bytes.startIndex
        var negative = false
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        let digits = bytes.endIndex - i
        guard digits >= 1, digits <= 18 else { return nil }
        var v: Int64 = 0
        while i < bytes.endIndex {
            let b = bytes[i]
            guard b >= 0x30, b <= 0x39 else { return nil }
            v = v * 10 + Int64(b - 0x30)
            i += 1
        }
        return negative ? -v : v
    }

    func bytesLess(_ a: Int, _ b: Int) -> Bool {
        arena.withUnsafeBufferPointer { p in
            let ra = range(of: a), rb = range(of: b)
            let n = min(ra.count, rb.count)
            for k in 0..<n {
                let x = p[ra.lowerBound + k], y = p[rb.lowerBound + k]
                if x != y { return x < y }
            }
            return ra.count < rb.count
        }
    }

    /// Old indices in natural key order: `order[rank]` is the index of the key of that rank.
    ///
    /// - Complexity: O(n log n) comparisons.
    func naturalOrder() -> (order: [Int32], numeric: Bool) {
        var order = (0..<Int32(count)).map { $0 }
        let values = integerValues()
        if let values {
            order.sort { a, b in
                let x = values[Int(a)], y = values[Int(b)]
                return x != y ? x < y : bytesLess(Int(a), Int(b))
            }
        } else {
            order.sort { bytesLess(Int($0), Int($1)) }
        }
        return (order, values != nil)
    }

    /// The keys in the given order (new index `i` is old index `order[i]`), without the table.
    ///
    /// - Complexity: O(n + total key bytes).
    func sortedKeys(_ order: [Int32], numeric: Bool) -> NodeKeys {
        var arena: [UInt8] = []
        var ends: [Int] = []
        arena.reserveCapacity(self.arena.count)
        ends.reserveCapacity(count)
        for old in order {
            arena.append(contentsOf: keyBytes(Int(old)))
            ends.append(arena.count)
        }
        return NodeKeys(arena: arena, ends: ends, numeric: numeric)
    }
}
