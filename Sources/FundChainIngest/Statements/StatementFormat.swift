/// The formats `fundchain ingest transactions` reads.
public enum StatementFormat: String, Sendable, CaseIterable {
    case csv, camt053, mt940

    /// Guesses the format from the first bytes of a file: XML is camt.053, a SWIFT block or a
    /// `:20:`-style tag is MT940, anything else CSV.
    public static func detect(_ prefix: some Collection<UInt8>) -> StatementFormat {
        var bytes = Array(prefix.prefix(4096))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            return .csv
        }
        if bytes[first] == UInt8(ascii: "<") { return .camt053 }
        if bytes[first] == UInt8(ascii: "{") { return .mt940 }
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes[first] == UInt8(ascii: ":") || text.contains("\n:20:") || text.contains("\n:25:") { return .mt940 }
        return .csv
    }

    /// A streaming parser for a statement format (`nil` for CSV).
    public func parser(file: String) -> (any StatementParser)? {
        switch self {
        case .csv: nil
        case .camt053: Camt053Parser(file: file)
        case .mt940: MT940Parser(file: file)
        }
    }
}
