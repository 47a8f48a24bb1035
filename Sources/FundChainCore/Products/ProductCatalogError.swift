/// Why a product catalog could not be loaded.
///
/// The message names the file, the product and the field at fault (docs/products-format.md),
/// and is safe to show a user.
public struct ProductCatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is (open-ended: cases may be added).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case syntax, unknownField, invalidValue, impossibleRule, duplicate, empty
        }
        let base: Base
        /// The YAML text is not well-formed, or a field has the wrong type or is missing.
        public static let syntax = Self(base: .syntax)
        /// A field name the format does not define (usually a typo).
        public static let unknownField = Self(base: .unknownField)
        /// A field has a value outside its domain (e.g. a share above 1, an unknown grade).
        public static let invalidValue = Self(base: .invalidValue)
        /// Rules no firm could ever meet, or a price missing for a grade the product admits.
        public static let impossibleRule = Self(base: .impossibleRule)
        /// Two products share an id.
        public static let duplicate = Self(base: .duplicate)
        /// The catalog has no product.
        public static let empty = Self(base: .empty)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The same error with `context` (e.g. the file name) prefixed to its message.
    public func prefixed(_ context: String) -> ProductCatalogError {
        ProductCatalogError(code, "\(context): \(message)")
    }
}
