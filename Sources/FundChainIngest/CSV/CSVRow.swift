/// One CSV record, its fields unquoted, stored as bytes in a buffer the parser reuses.
///
/// Fields are exposed as byte slices and decoded to `String` only on demand, so a validator can
/// check and copy a row without allocating per field.
public struct CSVRow: Sendable {
    /// 1-based physical line on which the record starts.
    public internal(set) var line: Int = 0
    /// Unquoted field bytes, concatenated.
    public internal(set) var bytes: [UInt8] = []
    /// End offset of each field in `bytes`.
    public internal(set) var ends: [Int] = []
    /// The record as written, kept only once a field of it is quoted; until then the record is
    /// its fields joined by separators, and `raw` joins them on demand (a reject's row), instead
    /// of every field being copied twice as it is read (the copies were ~5 % of ingest's client
    /// samples, `perf`).
    var quotedRaw: [UInt8] = []
    var isQuoted = false
    var separator = UInt8(ascii: ",")

    public init() {}

    /// The record as it appeared in the file (for reject logs), without the line terminator.
    public var raw: [UInt8] {
        if isQuoted { return quotedRaw }
        var raw: [UInt8] = []
        raw.reserveCapacity(rawCount)
        var start = 0
        for (i, end) in ends.enumerated() {
            if i > 0 { raw.append(separator) }
            raw.append(contentsOf: bytes[start..<end])
            start = end
        }
        return raw
    }

    /// `raw.count`, give or take a separator, without making it.
    var rawCount: Int { isQuoted ? quotedRaw.count : bytes.count + ends.count }

    public var count: Int { ends.count }

    /// The bytes of field `i`.
    public func field(_ i: Int) -> ArraySlice<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return bytes[start..<ends[i]]
    }

    /// Field `i` decoded as UTF-8.
    public func string(_ i: Int) -> String { String(decoding: field(i), as: UTF8.self) }

    /// The raw record decoded as UTF-8 (invalid sequences replaced).
    public var rawText: String { String(decoding: raw, as: UTF8.self) }

    /// `true` when every field is empty (a blank line).
    public var isBlank: Bool { bytes.isEmpty }
}
