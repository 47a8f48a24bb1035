import Foundation

extension ModelMetrics {
    /// An AUC with its standard error and a confidence interval.
    public struct AUCEstimate: Sendable, Hashable {
        public var auc: Double
        /// DeLong's standard error; `nil` with fewer than two goods or two bads.
        public var standardError: Double?
        /// The normal-approximation interval `auc ± z·se`, clipped to [0, 1].
        public var low: Double?
        public var high: Double?
    }

    /// The AUC of `scores` (higher = safer) with DeLong, DeLong and Clarke-Pearson's (1988)
    /// variance, computed from mid-ranks as Sun and Xu (2014) show: each good's placement is the
    /// share of bads it outscores, each bad's the share of goods that outscore it (ties ½);
    /// var = S₁₀/m + S₀₁/n over their sample variances. `z` = 1.96 gives a 95 % interval.
    ///
    /// - Complexity: O(n log n).
    public static func aucWithInterval(scores: [Double], isBad: [Bool], z: Double = 1.959963984540054) -> AUCEstimate {
        let goods = scores.indices.filter { !isBad[$0] }.map { scores[$0] }
        let bads = scores.indices.filter { isBad[$0] }.map { scores[$0] }
        let m = Double(goods.count), n = Double(bads.count)
        guard m > 0, n > 0 else { return AUCEstimate(auc: .nan) }
        let all = midRanks(goods + bads)
        let withinGoods = midRanks(goods), withinBads = midRanks(bads)
        // A good's placement: bads below it (ties ½) over n; a bad's: goods above it over m.
        let goodPlacements = goods.indices.map { (all[$0] - withinGoods[$0]) / n }
        let badPlacements = bads.indices.map { 1 - (all[goods.count + $0] - withinBads[$0]) / m }
        let auc = goodPlacements.reduce(0, +) / m
        guard goods.count > 1, bads.count > 1 else { return AUCEstimate(auc: auc) }
        func sampleVariance(_ values: [Double]) -> Double {
            values.reduce(0) { $0 + ($1 - auc) * ($1 - auc) } / Double(values.count - 1)
        }
        let se = (sampleVariance(goodPlacements) / m + sampleVariance(badPlacements) / n).squareRoot()
        return AUCEstimate(auc: auc, standardError: se, low: max(0, auc - z * se), high: min(1, auc + z * se))
    }

    /// 1-based ranks, ties sharing their mean rank.
    static func midRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j + 2) / 2 }
            i = j + 1
        }
        return ranks
    }
}

extension ModelMetrics.AUCEstimate {
    init(auc: Double) { self.init(auc: auc, standardError: nil, low: nil, high: nil) }
}
