/// The one error type of FundChainReports; its message is safe to show a user.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable { case noSuchTable, noData, invalidInput }
        let base: Base
        /// `--table` named a section without a table.
        public static let noSuchTable = Code(base: .noSuchTable)
        /// Nothing to report on (no build yet, or no previous build where one is needed).
        public static let noData = Code(base: .noData)
        /// An argument the builder cannot use (e.g. a shocked firm that is not covered).
        public static let invalidInput = Code(base: .invalidInput)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
