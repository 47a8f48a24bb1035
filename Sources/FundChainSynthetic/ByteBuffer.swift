/// A growable byte buffer for writing CSV rows without `String` interpolation or Foundation
/// formatting in the hot loop: fields are appended as bytes, numbers as ASCII digits.
struct ByteBuffer: Sendable {
    var bytes: [UInt8]

    init(capacity: Int = 1 << 20) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    @inline(__always)
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    @inline(__always)
    mutating func append(_ other: ArraySlice<UInt8>) { bytes.append(contentsOf: other) }

    /// Appends the UTF-8 bytes of a (cold-path) string.
    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    @inline(__always)
    mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    @inline(__always)
    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    /// Appends a non-negative integer in decimal, zero-padded to `width` digits.
    @inline(__always)
    mutating func append(decimal value: Int64, width: Int = 1) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[n] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
                n += 1
            } while v > 0
            while n < width && n < 20 {
                raw[n] = 0x30
                n += 1
            }
            var i = n - 1
            while i >= 0 {
                bytes.append(raw[i])
                i -= 1
            }
        }
    }

    /// Appends an amount in fen as yuan with exactly two decimals (`1250000` → `12500.00`).
    @inline(__always)
    mutating func append(fen: Int64) {
        append(decimal: fen / 100)
        bytes.append(UInt8(ascii: "."))
        append(decimal: fen % 100, width: 2)
    }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

/// Many short byte strings stored back to back (names, account numbers), addressed by index.
struct ByteTable: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int32] = []

    var count: Int { ends.count }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(Int32(bytes.count))
    }

    mutating func append(bytes other: [UInt8]) {
        bytes.append(contentsOf: other)
        ends.append(Int32(bytes.count))
    }

    @inline(__always)
    subscript(i: Int) -> ArraySlice<UInt8> {
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return bytes[start..<Int(ends[i])]
    }

    func string(_ i: Int) -> String { String(decoding: self[i], as: UTF8.self) }
}
