/// A hash table from byte strings to values, looked up with the bytes where they lie.
///
/// Written by hand rather than a `Dictionary`: ingest looks up two to four account numbers per
/// statement entry, straight from the row it read, and as `String` keys those lookups (making
/// each string, then SipHash and a Unicode-aware comparison) were ~12 % of the client's CPU
/// (`perf`, docs/scale.md). Here a lookup hashes the bytes in place and compares them
/// in place. Keys compare as bytes, as PostgreSQL compares the account numbers it stores.
///
/// Open addressing, linear probing, at most half full. The hash (FNV-1a over the bytes, then a
/// final mix) is seeded per table from the system's random generator, so nobody who writes an
/// accounts file can aim at its collisions.
struct ByteKeyTable<Value: Sendable>: Sendable {
    /// Entry index + 1 per slot; 0 is empty. A power of two long.
    private var slots: [Int32]
    /// The keys, back to back; key i is `bytes[starts[i]..<starts[i + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private(set) var values: [Value] = []
    private let seed: UInt64

    init() {
        slots = [Int32](repeating: 0, count: 16)
        var random = SystemRandomNumberGenerator()
        seed = random.next()
    }

    var count: Int { values.count }

    /// The value of the key `first`, or of `first`, a 0 byte and `second`.
    func value(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>? = nil) -> Value? {
        find(first, second).entry.map { values[$0] }
    }

    /// Sets the value of the key (as `value(_:_:)` reads it).
    mutating func set(_ value: Value, _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>? = nil)
    {
        let (slot, entry) = find(first, second)
        if let entry {
            values[entry] = value
            return
        }
        bytes.append(contentsOf: first)
        if let second {
            bytes.append(0)
            bytes.append(contentsOf: second)
        }
        starts.append(bytes.count)
        values.append(value)
        slots[slot] = Int32(values.count)
        if values.count * 2 > slots.count { grow() }
    }

    /// The slot the key is in, with its entry, or the empty slot it would go to.
    private func find(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>?) -> (
        slot: Int, entry: Int?
    ) {
        let length = first.count + (second.map { $0.count + 1 } ?? 0)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash(first, second)) & mask
        while true {
            let held = Int(slots[slot])
            if held == 0 { return (slot, nil) }
            let entry = held - 1
            let start = starts[entry]
            if starts[entry + 1] - start == length, equal(from: start, first, second) { return (slot, entry) }
            slot = (slot + 1) & mask
        }
    }

    /// Whether the stored key at `start` (of the right length) is `first`, a 0 byte and `second`.
    private func equal(from start: Int, _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>?)
        -> Bool
    {
        for i in 0..<first.count where bytes[start + i] != first[i] { return false }
        guard let second else { return true }
        let at = start + first.count + 1
        guard bytes[at - 1] == 0 else { return false }
        for i in 0..<second.count where bytes[at + i] != second[i] { return false }
        return true
    }

    private func hash(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>?) -> UInt64 {
        var h = seed ^ 0xcbf2_9ce4_8422_2325
        for byte in first { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        if let second {
            h = (h ^ 0) &* 0x0000_0100_0000_01b3
            for byte in second { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        // FNV's low bits mix poorly; the slot is taken from them.
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    /// Doubles the slots and puts every entry back (keys are hashed again as stored: one part).
    private mutating func grow() {
        var slots = [Int32](repeating: 0, count: self.slots.count * 2)
        let mask = slots.count - 1
        bytes.withUnsafeBufferPointer { stored in
            for entry in values.indices {
                let key = UnsafeBufferPointer(rebasing: stored[starts[entry]..<starts[entry + 1]])
                var slot = Int(truncatingIfNeeded: hash(key, nil)) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(entry + 1)
            }
        }
        self.slots = slots
    }
}
