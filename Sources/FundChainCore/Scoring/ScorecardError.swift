/// Why a scorecard could not be loaded or a model could not be fitted, validated or applied.
///
/// The message is safe to show a user: it names the source, the feature and the bin (or the
/// column and line of a data set) that is wrong, and never contains data values beyond those.
public struct ScorecardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is (open-ended: cases may be added).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case syntax, unknownField, invalidValue, bins, grades, calibration, data, fit
        }
        let base: Base
        /// The YAML text is not well-formed, or a field has the wrong type.
        public static let syntax = Self(base: .syntax)
        /// A field name the format does not define (usually a typo).
        public static let unknownField = Self(base: .unknownField)
        /// A field has a value outside its domain (e.g. a negative PDO).
        public static let invalidValue = Self(base: .invalidValue)
        /// A feature's bins overlap, leave a gap, or lack the missing/other bin.
        public static let bins = Self(base: .bins)
        /// The grade bands overlap, leave a gap, or do not cover the score range.
        public static let grades = Self(base: .grades)
        /// The PD calibration table is not ordered or has PDs outside (0, 1).
        public static let calibration = Self(base: .calibration)
        /// A data set is unusable (missing column, bad target value, too few rows).
        public static let data = Self(base: .data)
        /// Model fitting failed (no feature left, singular design).
        public static let fit = Self(base: .fit)
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
    public func prefixed(_ context: String) -> ScorecardError {
        ScorecardError(code, "\(context): \(message)")
    }
}
