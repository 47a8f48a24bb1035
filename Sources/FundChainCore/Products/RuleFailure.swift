/// A failed rule: the firm's value and the threshold it missed ("why not").
///
/// The sentence for people (`text`) is made on demand from the other fields, so the matcher
/// allocates no text for the failures nobody reads.
public struct RuleFailure: Sendable, Hashable {
    /// How the rule failed, which decides the sentence.
    public struct Kind: Sendable, Hashable {
        enum Base: Sendable, Hashable {
            case missing, below, above, notIn, notAdmitted, notPriced, tier, isCore, limitBelowMinimum
        }
        let base: Base
        /// The value the rule reads is missing.
        public static let missing = Self(base: .missing)
        /// Below a minimum.
        public static let below = Self(base: .below)
        /// Above a maximum (or an exclusion threshold).
        public static let above = Self(base: .above)
        /// A code matching none of the listed prefixes.
        public static let notIn = Self(base: .notIn)
        /// A grade not in the admitted list.
        public static let notAdmitted = Self(base: .notAdmitted)
        /// A grade the product has no rate for.
        public static let notPriced = Self(base: .notPriced)
        /// A chain tier outside 1…max tier.
        public static let tier = Self(base: .tier)
        /// A core enterprise, where they are excluded.
        public static let isCore = Self(base: .isCore)
        /// The suggested limit (yuan) is below the product's minimum.
        public static let limitBelowMinimum = Self(base: .limitBelowMinimum)
    }

    /// The rule's field in the product file, e.g. `max_top_customer_share`, `core_link.max_tier`, `limit.min_yuan`.
    public var rule: String
    /// The feature (or firm attribute: `score`, `grade`, `industry`, `region`, `limit_yuan`) the rule reads.
    public var feature: String
    /// The firm's value; `.missing` when the build has no value for it.
    public var value: FeatureValue
    /// The threshold: a number, or the admitted codes/grades; `null` when there is none.
    public var threshold: JSONValue
    public var kind: Kind

    public init(rule: String, feature: String, value: FeatureValue, threshold: JSONValue, kind: Kind) {
        self.rule = rule
        self.feature = feature
        self.value = value
        self.threshold = threshold
        self.kind = kind
    }

    /// One sentence for people, e.g. "top1_customer_share 0.72 is above the maximum 0.6".
    public var text: String {
        let value = self.value.numericValue.map(Self.format) ?? self.value.description
        let threshold = Self.describe(self.threshold)
        switch kind.base {
        case .missing:
            return rule.hasPrefix("limit") ? "\(feature) is missing, needed for the limit" : "\(feature) is missing"
        case .below: return "\(feature) \(value) is below the minimum \(threshold)"
        case .above: return "\(feature) \(value) is above the maximum \(threshold)"
        case .notIn: return "\(feature) \(self.value) is not in \(threshold)"
        case .notAdmitted: return "grade \(self.value) is not one of \(threshold)"
        case .notPriced: return "grade \(self.value) is not priced by this product"
        case .isCore: return "the firm is itself a core enterprise"
        case .tier:
            return self.value.numericValue == 0
                ? "chain_tier 0: the firm is itself a core enterprise"
                : "chain_tier \(value) is further than \(threshold) from a core enterprise"
        case .limitBelowMinimum:
            return
                "the suggested limit ¥\(Self.yuan(self.value)) is below the product's minimum ¥\(Self.yuan(.number(self.threshold.doubleValue ?? 0)))"
        }
    }

    /// Up to four decimals, trailing zeros dropped: `0.723456` → `0.7235`, `250000` → `250000`.
    static func format(_ x: Double) -> String { DecimalText.canonical((x * 10_000).rounded() / 10_000) }

    static func describe(_ threshold: JSONValue) -> String {
        if let list = threshold.arrayValue { return list.compactMap(\.stringValue).joined(separator: ", ") }
        return threshold.doubleValue.map(format) ?? "none"
    }

    /// Whole yuan with separators (limits are whole yuan).
    static func yuan(_ value: FeatureValue) -> String { Money(fen: Int64(value.numericValue ?? 0) * 100).wholeYuan }
}
