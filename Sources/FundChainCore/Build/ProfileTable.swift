/// Every firm's profile from one build, stored by column: firm f's value of feature k
/// (`ProfileCatalog.definitions[k]`) is `numbers[f × width + k]`, NaN when missing; categorical
/// features keep their text in `categories`.
public struct ProfileTable: Sendable {
    public let window: BuildWindow
    /// Sorted by USCC.
    public let firms: [Firm]
    let numbers: [Double]
    let categories: [Int: [String]]
    public let evidence: [FirmEvidence]
    /// Louvain community of each firm.
    public let community: [Int32]
    public let groups: PeerFeatures.Groups
    /// Payment cycles found by the graph analytics.
    public let cyclesFound: Int

    static var width: Int { ProfileCatalog.definitions.count }

    public var count: Int { firms.count }

    /// Firm `firm`'s value of feature column `column`.
    public func value(firm: Int, column: Int) -> FeatureValue {
        if let texts = categories[column] { return .category(texts[firm]) }
        let x = numbers[firm * Self.width + column]
        return x.isNaN ? .missing : .number(x)
    }

    public func value(firm: Int, feature name: String) -> FeatureValue {
        guard let column = ProfileCatalog.column[name] else { return .missing }
        return value(firm: firm, column: column)
    }

    /// Every feature of one firm, by name.
    public func features(of firm: Int) -> FeatureVector {
        var vector = FeatureVector()
        for (k, definition) in ProfileCatalog.definitions.enumerated() {
            vector[definition.name] = value(firm: firm, column: k)
        }
        return vector
    }
}

/// Sorted values of some numeric features within each industry division, for peer percentiles of
/// reason codes.
public struct PeerIndex: Sendable {
    private var sorted: [Int: [Int32: [Double]]] = [:]
    private let table: ProfileTable

    /// - Complexity: O(c × n log n) for c columns.
    public init(_ table: ProfileTable, columns: some Sequence<Int>) {
        self.table = table
        for column in Set(columns) where table.categories[column] == nil {
            var groups: [Int32: [Double]] = [:]
            for f in 0..<table.count {
                let x = table.numbers[f * ProfileTable.width + column]
                if !x.isNaN { groups[table.groups.industry[f], default: []].append(x) }
            }
            for key in groups.keys { groups[key]!.sort() }
            sorted[column] = groups
        }
    }

    /// Mid-rank percentile of the firm's value among its industry division's values.
    ///
    /// - Complexity: O(log g) for a group of g firms.
    public func percentile(firm: Int, column: Int) -> Double? {
        let x = table.numbers[firm * ProfileTable.width + column]
        guard !x.isNaN, let values = sorted[column]?[table.groups.industry[firm]],
            values.count >= PeerFeatures.minimumGroup
        else { return nil }
        let below = values.partitioningIndex { $0 >= x }
        let upTo = values.partitioningIndex { $0 > x }
        return 100 * (Double(below) + Double(upTo - below) / 2) / Double(values.count)
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for an array partitioned by it
    /// (all `false` before all `true`).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
