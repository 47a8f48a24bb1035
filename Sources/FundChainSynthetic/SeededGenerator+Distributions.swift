import Foundation
import FundChainCore

/// The few distributions the economy needs, drawn from the seeded generator.
extension SeededGenerator {
    /// Uniform integer in `0..<n` (n > 0). Lemire's multiply-shift; the tiny bias is irrelevant here.
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: n).multipliedFullWidth(by: next())).high)
    }

    /// Uniform in `range`.
    @inline(__always)
    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// Uniform in [a, b).
    @inline(__always)
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * nextUnit() }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { nextUnit() < p }

    /// Standard normal (Box–Muller, one value per call).
    mutating func normal() -> Double {
        let u1 = max(nextUnit(), 0x1.0p-53)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// exp(N(mu, sigma)).
    mutating func logNormal(mu: Double = 0, sigma: Double) -> Double { exp(mu + sigma * normal()) }

    /// Pareto with minimum 1 and tail index `alpha` (heavier tail for smaller alpha).
    mutating func pareto(alpha: Double) -> Double { exp(-log(max(nextUnit(), 0x1.0p-53)) / alpha) }

    /// An element of `items` chosen with the given cumulative weights (ascending, last = total).
    /// - Complexity: O(log n).
    mutating func pick(cumulative: [Double]) -> Int {
        let target = nextUnit() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
