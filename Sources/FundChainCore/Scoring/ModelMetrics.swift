import Foundation

/// Discrimination and stability measures for scores where a higher score means less risk.
public enum ModelMetrics {
    /// Area under the ROC curve: the probability that a random good scores above a random bad,
    /// ties counting one half (Mann–Whitney U with mid-ranks).
    ///
    /// - Complexity: O(n log n).
    public static func auc(scores: [Double], isBad: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var goodRankSum = 0.0
        var goods = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let midRank = Double(i + j + 2) / 2  // ranks are 1-based
            for k in i...j where !isBad[order[k]] {
                goodRankSum += midRank
                goods += 1
            }
            i = j + 1
        }
        let bads = Double(scores.count) - goods
        guard goods > 0, bads > 0 else { return .nan }
        return (goodRankSum - goods * (goods + 1) / 2) / (goods * bads)
    }

    /// Gini coefficient (accuracy ratio): `2·AUC − 1`.
    public static func gini(auc: Double) -> Double { 2 * auc - 1 }

    /// Kolmogorov–Smirnov statistic: the largest gap between the cumulative score distributions
    /// of bads and goods, taken at every distinct score.
    ///
    /// - Complexity: O(n log n).
    public static func ks(scores: [Double], isBad: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        let bads = Double(isBad.count { $0 }), goods = Double(isBad.count) - bads
        guard bads > 0, goods > 0 else { return .nan }
        var cumBad = 0.0, cumGood = 0.0, best = 0.0
        var i = 0
        while i < order.count {
            let s = scores[order[i]]
            while i < order.count, scores[order[i]] == s {
                if isBad[order[i]] { cumBad += 1 } else { cumGood += 1 }
                i += 1
            }
            best = max(best, abs(cumBad / bads - cumGood / goods))
        }
        return best
    }

    /// Population stability index of `actual` against `expected` counts over the same bins:
    /// `Σ (a − e) · ln(a / e)` over shares. A bin empty in one sample is **not** skipped: its
    /// count there is taken as 0.5 (half an observation), so a bin present in only one sample
    /// adds to the index. Bins empty in both samples add nothing.
    public static func psi(expected: [Int], actual: [Int]) -> Double {
        let e = Double(expected.reduce(0, +)), a = Double(actual.reduce(0, +))
        guard e > 0, a > 0 else { return .nan }
        var total = 0.0
        for (ec, ac) in zip(expected, actual) where ec > 0 || ac > 0 {
            let es = (ec == 0 ? 0.5 : Double(ec)) / e
            let as_ = (ac == 0 ? 0.5 : Double(ac)) / a
            total += (as_ - es) * log(as_ / es)
        }
        return total
    }

    /// Pearson correlation of two equal-length columns (0 when either is constant).
    public static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }
}
