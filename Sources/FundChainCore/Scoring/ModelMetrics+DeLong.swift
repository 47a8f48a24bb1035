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
        estimate(placements(scores: scores, isBad: isBad), z: z)
    }

    /// The AUC and DeLong's interval from placement values (`nil`: no goods or no bads).
    static func estimate(_ p: (goods: [Double], bads: [Double], auc: Double)?, z: Double) -> AUCEstimate {
        guard let p else { return AUCEstimate(auc: .nan) }
        let auc = p.auc
        guard p.goods.count > 1, p.bads.count > 1 else { return AUCEstimate(auc: auc) }
        let se =
            (covariance(p.goods, p.goods) / Double(p.goods.count) + covariance(p.bads, p.bads) / Double(p.bads.count))
            .squareRoot()
        return AUCEstimate(auc: auc, standardError: se, low: max(0, auc - z * se), high: min(1, auc + z * se))
    }

    /// Two models' AUCs on the same firms, and DeLong's test of their difference.
    public struct AUCComparison: Sendable, Hashable {
        public var first: AUCEstimate
        public var second: AUCEstimate
        /// `second.auc − first.auc`.
        public var difference: Double
        /// The standard error of the difference (the two AUCs are correlated: same firms);
        /// `nil` with fewer than two goods or two bads.
        public var standardError: Double?
        public var low: Double?
        public var high: Double?
        /// Two-sided p-value of "no difference" under the normal approximation.
        public var pValue: Double?
    }

    /// DeLong, DeLong and Clarke-Pearson's (1988) comparison of two correlated AUCs: the
    /// variance of the difference is the placements' covariance structure,
    /// var(A₂ − A₁) = (S₁₀¹¹ + S₁₀²² − 2S₁₀¹²)/m + (S₀₁¹¹ + S₀₁²² − 2S₀₁¹²)/n. Scores: higher = safer.
    ///
    /// - Complexity: O(n log n).
    public static func compareAUC(
        _ first: [Double], _ second: [Double], isBad: [Bool], z: Double = 1.959963984540054
    ) -> AUCComparison {
        // Placements once per model: the two AUCs and the covariance of the difference share them.
        let firstPlacements = placements(scores: first, isBad: isBad),
            secondPlacements = placements(scores: second, isBad: isBad)
        let a = estimate(firstPlacements, z: z), b = estimate(secondPlacements, z: z)
        var comparison = AUCComparison(
            first: a, second: b, difference: b.auc - a.auc, standardError: nil, low: nil, high: nil, pValue: nil)
        guard let p = firstPlacements, let q = secondPlacements, p.goods.count > 1, p.bads.count > 1 else {
            return comparison
        }
        let m = Double(p.goods.count), n = Double(p.bads.count)
        let variance =
            (covariance(p.goods, p.goods) + covariance(q.goods, q.goods) - 2 * covariance(p.goods, q.goods)) / m
            + (covariance(p.bads, p.bads) + covariance(q.bads, q.bads) - 2 * covariance(p.bads, q.bads)) / n
        let se = max(0, variance).squareRoot()
        comparison.standardError = se
        comparison.low = comparison.difference - z * se
        comparison.high = comparison.difference + z * se
        // Φ(−|d|/se)·2 = erfc(|d| / (se·√2)); identical scores give 0/0: no evidence of a difference.
        comparison.pValue = se > 0 ? erfc(abs(comparison.difference) / (se * 2.0.squareRoot())) : 1
        return comparison
    }

    /// Each good's placement (the share of bads it outscores, ties ½) and each bad's (the share
    /// of goods that outscore it), in the order they appear, and their mean, the AUC. `nil`
    /// without goods or without bads.
    static func placements(scores: [Double], isBad: [Bool]) -> (goods: [Double], bads: [Double], auc: Double)? {
        let goods = scores.indices.filter { !isBad[$0] }.map { scores[$0] }
        let bads = scores.indices.filter { isBad[$0] }.map { scores[$0] }
        let m = Double(goods.count), n = Double(bads.count)
        guard m > 0, n > 0 else { return nil }
        let all = midRanks(goods + bads)
        let withinGoods = midRanks(goods), withinBads = midRanks(bads)
        let goodPlacements = goods.indices.map { (all[$0] - withinGoods[$0]) / n }
        let badPlacements = bads.indices.map { 1 - (all[goods.count + $0] - withinBads[$0]) / m }
        return (goodPlacements, badPlacements, goodPlacements.reduce(0, +) / m)
    }

    /// The sample covariance (divisor count − 1) of two equally long lists.
    static func covariance(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        return zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / Double(x.count - 1)
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
