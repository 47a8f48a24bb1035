/// Percentile ranks.
public enum Percentiles {
    /// Mid-rank percentile of each value among the non-NaN values: 100 × (below + ½ × equal) / n.
    /// NaN stays NaN.
    ///
    /// - Complexity: O(n log n).
    public static func midRank(_ values: [Double]) -> [Double] {
        var result = [Double](repeating: .nan, count: values.count)
        let order = values.indices.filter { !values[$0].isNaN }.sorted { values[$0] < values[$1] }
        let n = Double(order.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let p = 100 * (Double(i) + Double(j - i + 1) / 2) / n
            for k in i...j { result[order[k]] = p }
            i = j + 1
        }
        return result
    }

    /// Mid-rank percentile of every value within its group (`group[i]`, any integer); NaN for
    /// missing values and for groups with fewer than `minimumGroup` values.
    ///
    /// - Complexity: O(n log n).
    public static func midRank(_ values: [Double], groups: [Int32], minimumGroup: Int) -> [Double] {
        var members: [Int32: [Int]] = [:]
        for i in values.indices where !values[i].isNaN { members[groups[i], default: []].append(i) }
        var result = [Double](repeating: .nan, count: values.count)
        for indices in members.values where indices.count >= minimumGroup {
            let ranks = midRank(indices.map { values[$0] })
            for (k, i) in indices.enumerated() { result[i] = ranks[k] }
        }
        return result
    }
}
