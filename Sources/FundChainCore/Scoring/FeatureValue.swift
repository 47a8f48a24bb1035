/// The value of one feature for one firm or applicant.
public enum FeatureValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case category(String)
    case missing

    /// The value as a number for a numeric feature: a number as is (NaN is missing), a category
    /// whose text is a plain decimal number parsed from that text, anything else missing.
    ///
    /// So a score never depends on whether a caller typed a value as text or as a number.
    public var numericValue: Double? {
        switch self {
        case .number(let x): x.isNaN ? nil : x
        case .category(let text): DecimalText.parse(text)
        case .missing: nil
        }
    }

    /// The value as a category for a categorical feature: text trimmed of spaces (empty text is
    /// missing); a number as its canonical text (`3.0` → `"3"`, `2.5` → `"2.5"`).
    public var categoryValue: String? {
        switch self {
        case .category(let text):
            let trimmed = DecimalText.trimmed(text)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let x):
            guard !x.isNaN else { return nil }
            return DecimalText.canonical(x)
        case .missing:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .number(let x): DecimalText.canonical(x)
        case .category(let text): text
        case .missing: "missing"
        }
    }
}
