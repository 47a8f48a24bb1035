/// Why a stored snapshot body could not be read as `fundchain-snapshot/1`: the member at `path`
/// is missing, of the wrong type, invalid, or unknown to the format. Safe to show a user (it
/// names members, never their values).
public struct SnapshotBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String { case notJSON = "not JSON", missing, mistyped, invalid, unknownMember = "unknown member" }
        let base: Base
        /// The bytes are not JSON at all.
        public static let notJSON = Self(base: .notJSON)
        /// A required member is absent.
        public static let missing = Self(base: .missing)
        /// A member has the wrong JSON type (e.g. a text where a number belongs).
        public static let mistyped = Self(base: .mistyped)
        /// A member has the right type but a value the format does not allow (a malformed date,
        /// another format name, an empty `challengers` list).
        public static let invalid = Self(base: .invalid)
        /// An object has a member the format does not define.
        public static let unknownMember = Self(base: .unknownMember)
        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The member's path from the body's root, e.g. `score.pd` or `reasons[1].evidence[0].value`;
    /// empty for the body itself.
    public var path: String
    /// What is wrong with it, e.g. "is missing" or "is not a number".
    public var problem: String

    public init(_ code: Code, path: String, _ problem: String) {
        self.code = code
        self.path = path
        self.problem = problem
    }

    public var description: String { path.isEmpty ? "the body \(problem)" : "\(path) \(problem)" }

    /// The error with `parent` (a member name, or an index like `[2]`) in front of its path.
    func prefixed(with parent: String) -> Self {
        var error = self
        error.path = path.isEmpty ? parent : path.hasPrefix("[") ? parent + path : parent + "." + path
        return error
    }

    /// Runs `body`, putting `parent` in front of the path of any error it throws (paths are
    /// built only when something fails, so reading a valid body builds none).
    static func within<T>(_ parent: @autoclosure () -> String, _ body: () throws(Self) -> T) throws(Self) -> T {
        do throws(Self) { return try body() } catch { throw error.prefixed(with: parent()) }
    }
}
