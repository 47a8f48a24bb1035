/// The fitted bins of one feature: numeric cut points or category groups, with training counts.
///
/// Numeric bins are `[cuts[k−1], cuts[k])` with −∞ and +∞ at the ends; categorical bins are
/// groups of categories, one of them (`otherGroup`) also taking categories not seen in training.
/// The missing bin is separate.
public struct FeatureBinning: Sendable, Hashable {
    public var name: String
    public var kind: ScorecardFeature.Kind
    /// Numeric: ascending cut points (bins − 1 of them).
    public var cuts: [Double]
    /// Categorical: the categories of each bin.
    public var groups: [[String]]
    /// Counts per bin (missing excepted), in bin order.
    public var counts: [BinCounts]
    public var missing: BinCounts
    public var otherGroup: Int
    /// Total goods and bads the WOEs are relative to.
    public var total: BinCounts

    /// WOE per bin (missing excepted).
    public var woes: [Double] { counts.map { $0.woe(of: total) } }

    /// WOE of the missing bin: its own when training had missing values, else the worst (highest)
    /// WOE of the feature, so an unseen missing value is never rewarded.
    public var missingWOE: Double {
        missing.count > 0 ? missing.woe(of: total) : (woes.max() ?? 0)
    }

    /// Information value over every bin, the missing bin included.
    public var iv: Double { (counts + [missing]).informationValue(total: total) }

    /// The bin of a numeric value (`counts.count` for missing).
    ///
    /// - Complexity: O(log b).
    public func bin(number x: Double?) -> Int {
        guard let x, !x.isNaN else { return counts.count }
        var low = 0, high = cuts.count
        while low < high {
            let mid = (low + high) / 2
            if cuts[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The bin of a categorical value (`counts.count` for missing).
    public func bin(category: String?, lookup: [String: Int]) -> Int {
        guard let category else { return counts.count }
        return lookup[category] ?? otherGroup
    }

    /// Category → bin.
    public var categoryLookup: [String: Int] {
        var lookup: [String: Int] = [:]
        for (g, group) in groups.enumerated() { for c in group { lookup[c] = g } }
        return lookup
    }

    /// The bin of every row of `column` (missing → `counts.count`).
    public func binIndices(_ column: ModelDataset.Column) -> [Int] {
        switch column {
        case .numeric(let values): return values.map { bin(number: $0) }
        case .categorical(let values):
            let lookup = categoryLookup
            return values.map { bin(category: $0, lookup: lookup) }
        }
    }

    /// The WOE of every row of `column`.
    public func woeColumn(_ column: ModelDataset.Column) -> [Double] {
        let table = woes + [missingWOE]
        return binIndices(column).map { table[$0] }
    }

    /// `true` when the WOE of the (non-missing) numeric bins never falls or never rises.
    public var isMonotonic: Bool {
        let w = woes
        guard w.count > 2 else { return true }
        let up = zip(w, w.dropFirst()).allSatisfy { $0 <= $1 }
        let down = zip(w, w.dropFirst()).allSatisfy { $0 >= $1 }
        return up || down
    }
}
