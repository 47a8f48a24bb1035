import Foundation

/// The incomplete beta and gamma functions the backtest's intervals and tests need, written here:
/// no package in the mirror provides them (swift-numerics has no special functions beyond the
/// elementary ones). Checked against scipy.special / scipy.stats in `BacktestReferenceTests`.
enum SpecialFunctions {
    /// The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1: the CDF
    /// of Beta(a, b) at x. Evaluated by the continued fraction of DLMF 8.17.22 (modified Lentz),
    /// on the side of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast.
    ///
    /// - Precision: about 1e-14 relative for the arguments of a binomial interval.
    static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "Beta parameters must be positive")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaFraction(1 - x, a: b, b: a) / b
    }

    /// The x with I_x(a, b) = p: the p-quantile of Beta(a, b). Bisection on [0, 1] (I_x is
    /// increasing in x), to 1e-15 absolute or 200 halvings; a few dozen evaluations per
    /// quantile, enough for a report's handful of grades.
    static func inverseRegularizedBeta(_ p: Double, a: Double, b: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if regularizedBeta(mid, a: a, b: b) < p { low = mid } else { high = mid }
            if high - low < 1e-15 * max(1e-300, mid) || high - low < 1e-300 { break }
        }
        return (low + high) / 2
    }

    /// The continued fraction of I_x(a, b) without its front factor (DLMF 8.17.22), by the
    /// modified Lentz method.
    private static func betaFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var h = d
        for step in 1...500 {
            let m = Double(step)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and
    /// x ≥ 0: the series of P(a, x) below x = a + 1, the continued fraction of Q above it.
    static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "Gamma parameter must be positive")
        if x <= 0 { return 1 }
        let logFront = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<1000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logFront))
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for step in 1...1000 {
            let an = -Double(step) * (Double(step) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logFront) * h
    }

    /// P(χ²_k > x): the chi-square test's p-value.
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        regularizedGammaQ(Double(k) / 2, x / 2)
    }
}
