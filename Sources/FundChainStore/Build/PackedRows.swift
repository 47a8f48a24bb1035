import FundChainCore
import NIOCore

/// Many rows packed by the server into one `bytea` value, read back at memory speed.
///
/// Decoding a result row in PostgresNIO costs about 6 µs on this machine whatever its width
/// (messages, row objects, per-cell decoding), which made a 100,000-firm build spend 20–30 s
/// reading its 3.4 million aggregate rows where `psql` needs 5 s (Benchmarks/build.sh). The
/// build's queries therefore have the server concatenate each row's columns in their binary send
/// form (`int8send`, `int4send`, a text as `int2send(octet_length) || textsend`) and
/// `string_agg` a chunk of rows into one `bytea`; the client walks the bytes with this reader.
/// Every field is big-endian, as the send functions write it.
struct PackedRows {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func int64() throws(StoreError) -> Int64 {
        Int64(bitPattern: try bigEndian(8))
    }

    mutating func int32() throws(StoreError) -> Int32 {
        Int32(truncatingIfNeeded: try bigEndian(4))
    }

    /// A text field: its length as `int2send`, then its bytes.
    mutating func text() throws(StoreError) -> UnsafeRawBufferPointer {
        let length = Int(try bigEndian(2))
        guard offset + length <= bytes.count else { throw truncated() }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
    }

    /// A text field that holds a firm's USCC, as its index in `index`.
    mutating func firm(in index: [USCCKey: Int32], table: String) throws(StoreError) -> Int32 {
        let text = try text()
        guard let firm = USCCKey(text).flatMap({ index[$0] }) else {
            throw StoreError(
                .corruptData,
                "\(table) refers to firm '\(String(decoding: text, as: UTF8.self))', which is not in firms")
        }
        return firm
    }

    private mutating func bigEndian(_ width: Int) throws(StoreError) -> UInt64 {
        guard offset + width <= bytes.count else { throw truncated() }
        var value: UInt64 = 0
        for k in offset..<offset + width { value = value << 8 | UInt64(bytes[k]) }
        offset += width
        return value
    }

    private func truncated() -> StoreError {
        StoreError(.corruptData, "a packed row ends early at byte \(offset) of \(bytes.count)")
    }
}
