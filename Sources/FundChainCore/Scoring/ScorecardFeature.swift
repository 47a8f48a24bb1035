/// One feature of a scorecard and its bins.
public struct ScorecardFeature: Sendable, Hashable {
    /// Whether the feature's bins are numeric ranges or sets of categories.
    public enum Kind: String, Sendable, Hashable, Codable {
        case numeric, categorical
    }

    /// The feature name, as in the feature vector (and the data set's column).
    public var name: String
    public var kind: Kind
    /// The reason code reported when this feature costs the firm points, e.g. `CF01`.
    public var reasonCode: String
    /// The reason text shown with the code.
    public var reasonText: String
    /// Numeric: ranges ascending, then the missing bin. Categorical: category sets, one of them
    /// marked `other` (for categories not listed), then the missing bin.
    public var bins: [ScorecardBin] {
        didSet { index = BinIndex(kind: kind, bins: bins) }
    }
    /// Fitted cards: information value, coefficient and its p-value in the logistic model.
    public var iv: Double?
    public var coefficient: Double?
    public var pValue: Double?

    /// Lookup structures derived from `bins` (not part of the format).
    private(set) var index: BinIndex

    public init(
        name: String, kind: Kind, reasonCode: String, reasonText: String, bins: [ScorecardBin],
        iv: Double? = nil, coefficient: Double? = nil, pValue: Double? = nil
    ) {
        self.name = name
        self.kind = kind
        self.reasonCode = reasonCode
        self.reasonText = reasonText
        self.bins = bins
        self.iv = iv
        self.coefficient = coefficient
        self.pValue = pValue
        self.index = BinIndex(kind: kind, bins: bins)
    }

    public var minPoints: Int { bins.lazy.map(\.points).min() ?? 0 }
    public var maxPoints: Int { bins.lazy.map(\.points).max() ?? 0 }

    /// The index in `bins` of the bin `value` falls into (for a valid card, always one).
    ///
    /// - Complexity: O(log b) for numeric features (b bins), O(1) expected for categorical.
    public func binIndex(for value: FeatureValue) -> Int {
        switch kind {
        case .numeric:
            guard let x = value.numericValue else { return index.missingBin }
            // Count the upper edges ≤ x: ranges are [min, max).
            var low = 0, high = index.edges.count
            while low < high {
                let mid = (low + high) / 2
                if index.edges[mid] <= x { low = mid + 1 } else { high = mid }
            }
            return low < index.rangeBins.count ? index.rangeBins[low] : index.missingBin
        case .categorical:
            guard let text = value.categoryValue else { return index.missingBin }
            return index.categories[text] ?? index.otherBin
        }
    }
}

/// One bin: a numeric range `[min, max)`, a set of categories, or the missing bin.
public struct ScorecardBin: Sendable, Hashable {
    /// Inclusive lower edge of a numeric range; `nil` for −∞ (or a non-range bin).
    public var min: Double?
    /// Exclusive upper edge of a numeric range; `nil` for +∞ (or a non-range bin).
    public var max: Double?
    /// Categories of a categorical bin.
    public var categories: [String]?
    /// Marks the categorical bin that takes every category not listed anywhere.
    public var other: Bool
    /// Marks the bin for a missing value.
    public var missing: Bool
    public var points: Int
    /// Fitted cards: training rows and bads in the bin, and its WOE (ln(%bad / %good)).
    public var count: Int?
    public var bads: Int?
    public var woe: Double?

    public init(
        min: Double? = nil, max: Double? = nil, categories: [String]? = nil, other: Bool = false,
        missing: Bool = false, points: Int, count: Int? = nil, bads: Int? = nil, woe: Double? = nil
    ) {
        self.min = min
        self.max = max
        self.categories = categories
        self.other = other
        self.missing = missing
        self.points = points
        self.count = count
        self.bads = bads
        self.woe = woe
    }

    /// A short label: `[6, 12)`, `< 6`, `>= 12`, `{A, B}`, `{A, …, other}` or `missing`.
    public var label: String {
        if missing { return "missing" }
        if let categories {
            let listed = categories.joined(separator: ", ")
            if other { return listed.isEmpty ? "{other}" : "{\(listed), other}" }
            return "{\(listed)}"
        }
        switch (min, max) {
        case (nil, nil): return "all"
        case (nil, let hi?): return "< \(DecimalText.canonical(hi))"
        case (let lo?, nil): return ">= \(DecimalText.canonical(lo))"
        case (let lo?, let hi?): return "[\(DecimalText.canonical(lo)), \(DecimalText.canonical(hi)))"
        }
    }
}

/// Lookup tables derived from a feature's bins.
struct BinIndex: Sendable, Hashable {
    /// Numeric: upper edges of the range bins but the last, ascending.
    var edges: [Double] = []
    /// Numeric: index in `bins` of the k-th range bin.
    var rangeBins: [Int] = []
    /// Categorical: category → bin index.
    var categories: [String: Int] = [:]
    var otherBin = 0
    var missingBin = 0
    /// The highest points of any bin.
    var bestPoints = 0

    init(kind: ScorecardFeature.Kind, bins: [ScorecardBin]) {
        bestPoints = bins.lazy.map(\.points).max() ?? 0
        for (i, bin) in bins.enumerated() {
            if bin.missing {
                missingBin = i
                continue
            }
            switch kind {
            case .numeric:
                rangeBins.append(i)
                if let max = bin.max { edges.append(max) }
            case .categorical:
                if bin.other { otherBin = i }
                for category in bin.categories ?? [] where categories[category] == nil {
                    categories[category] = i
                }
            }
        }
        if edges.count >= rangeBins.count { edges.removeLast(edges.count - max(rangeBins.count - 1, 0)) }
    }
}
