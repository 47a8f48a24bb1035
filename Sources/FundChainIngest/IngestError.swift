/// The one error type of FundChainIngest: a whole-file problem (unreadable file, bad header,
/// broken CSV structure), named by file, line and field. Row-level problems are `RowReject`s.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case unreadable, badHeader, malformed, empty, rejectedInStrictMode, unknownFormat
        }
        let base: Base
        public static let unreadable = Code(base: .unreadable)
        public static let badHeader = Code(base: .badHeader)
        public static let malformed = Code(base: .malformed)
        public static let empty = Code(base: .empty)
        public static let rejectedInStrictMode = Code(base: .rejectedInStrictMode)
        public static let unknownFormat = Code(base: .unknownFormat)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let file: String
    public let line: Int?
    public let field: String?
    public let message: String

    public init(_ code: Code, file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        // Messages quote input (a tag, a balance, a malformed element): control characters are
        // escaped so that the text can be stored (`ingest_runs.error`) and printed.
        self.field = field.map(RejectText.escaped)
        self.message = RejectText.escaped(message)
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field { location += " (field '\(field)')" }
        return "\(location): \(message)"
    }
}
