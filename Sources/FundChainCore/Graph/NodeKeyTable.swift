/// Interns node keys (USCC or any text) to dense `Int32` indices while a graph is built.
///
/// Keys are kept as UTF-8 bytes in one arena with an end offset per key, and looked up through an
/// open-addressing table (FNV-1a, linear probing) whose 16-byte entries hold a hash tag, the key
/// length, the index and the first 8 key bytes, so a probe rejects a mismatch — and accepts a key
/// of up to 8 bytes — without touching the arena: one cache miss per lookup for short ids.
/// Build-time only: the graph keeps the sorted keys (`NodeKeys`), not this table.
///
/// - Complexity: `intern` expected O(length of the key); memory is the key bytes plus 8 bytes
///   per key for offsets and 32–64 bytes per key for the table.
struct NodeKeyTable: Sendable {
    /// Concatenated key bytes.
    var arena: [UInt8] = []
    /// `ends[i]` is the end offset of key `i` in `arena`; key `i` starts at `ends[i - 1]` (or 0).
    var ends: [Int] = []
    /// Pairs of words per slot: `meta` (0 when empty; else hash tag in the high 24 bits, length
    /// capped at 255 in the next 8, index + 1 in the low 32) and the first 8 key bytes.
    /// Capacity is a power of two, at most half full.
    var slots: [UInt64] = Array(repeating: 0, count: 2 * 1024)

    init() {}

    var count: Int { ends.count }

    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    func key(_ index: Int32) -> String {
        String(decoding: arena[range(of: Int(index))], as: UTF8.self)
    }

    func keyBytes(_ index: Int) -> ArraySlice<UInt8> { arena[range(of: index)] }

    /// FNV-1a of the bytes (with a final fold of the high bits) and the first 8 bytes, little-endian.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, prefix: UInt64) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var prefix: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
            if i < 8 { prefix |= UInt64(b) << (8 * UInt64(i)) }
        }
        return (h ^ (h >> 29), prefix)
    }

    /// The tag and length part of a slot's `meta`.
    @inline(__always)
    static func signature(_ hash: UInt64, length: Int) -> UInt64 {
        (hash & 0xFFFF_FF00_0000_0000) | (UInt64(min(length, 255)) << 32)
    }

    @inline(__always)
    func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = range(of: index)
        guard r.count == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var i = r.lowerBound
            for b in bytes {
                if a[i] != b { return false }
                i += 1
            }
            return true
        }
    }

    /// The index of `bytes`, adding it as a new key if it is not there yet.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if ends.count * 4 >= slots.count { grow() }
        let mask = slots.count / 2 - 1
        let (hash, prefix) = Self.hash(bytes)
        let signature = Self.signature(hash, length: bytes.count)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let meta = slots[2 * slot]
            if meta == 0 { break }
            if meta & 0xFFFF_FFFF_0000_0000 == signature, slots[2 * slot + 1] == prefix {
                let existing = Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1
                if bytes.count <= 8 || equals(existing, bytes) { return Int32(existing) }
            }
            slot = (slot + 1) & mask
        }
        let index = ends.count
        arena.append(contentsOf: bytes)
        ends.append(arena.count)
        slots[2 * slot] = signature | UInt64(index + 1)
        slots[2 * slot + 1] = prefix
        return Int32(index)
    }

    mutating func intern(_ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { intern($0) }
    }

    mutating func grow() {
        let capacity = slots.count  // slots double: entries are two words each
        slots = Array(repeating: 0, count: capacity * 2)
        let mask = capacity - 1
        arena.withUnsafeBufferPointer { a in
            for index in 0..<ends.count {
                let bytes = UnsafeBufferPointer(rebasing: a[range(of: index)])
                let (hash, prefix) = Self.hash(bytes)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[2 * slot] != 0 { slot = (slot + 1) & mask }
                slots[2 * slot] = Self.signature(hash, length: bytes.count) | UInt64(index + 1)
                slots[2 * slot + 1] = prefix
            }
        }
    }
}
