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
    /// The record as it appeared in the file (for reject logs), without the line terminator.
    public internal(set) var raw: [UInt8] = []

    public init() {}

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
