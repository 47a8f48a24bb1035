/// Why a graph could not be built or an analysis could not run.
///
/// The description is safe to show a user: it names the input line (when there is one) and the
/// field, never more of the input than the offending value.
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure; open-ended so cases can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: Sendable, Hashable {
            case emptyInput, badHeader, badRow, badWeight, negativeWeight, overflow, unknownNode, badOption
        }
        let base: Base
        public static let emptyInput = Self(base: .emptyInput)
        public static let badHeader = Self(base: .badHeader)
        public static let badRow = Self(base: .badRow)
        public static let badWeight = Self(base: .badWeight)
        public static let negativeWeight = Self(base: .negativeWeight)
        public static let overflow = Self(base: .overflow)
        public static let unknownNode = Self(base: .unknownNode)
        public static let badOption = Self(base: .badOption)
        public var description: String { "\(base)" }
    }

    public let code: Code
    /// 1-based input line, when the error comes from a line of an edge list.
    public let line: Int?
    /// The field concerned (`source`, `target`, `weight`, an option name), when there is one.
    public let field: String?
    public let message: String

    public init(_ code: Code, line: Int? = nil, field: String? = nil, _ message: String) {
        self.code = code
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var prefix = ""
        if let line { prefix += "line \(line): " }
        if let field { prefix += "\(field): " }
        return prefix + message
    }
}
