import Foundation
import FundChainCore

extension Economy {
    /// Target share of firms defaulting before contagion; contagion adds roughly one point.
    static let baseDefaultRate = 0.045
    /// Share of defaulters whose statements show no warning (sudden defaults).
    static let silentShare = 0.2
    /// Share of healthy firms with a temporary dip (bad months that do not end in default).
    static let dipShare = 0.12

    /// Draws each firm's latent health and outcome, then the visible distress that precedes a default.
    ///
    /// Default probability is logistic in the latent health z ~ N(0,1), the role's risk, size and
    /// age, with the intercept solved so the base rate is `baseDefaultRate`. Contagion: a firm
    /// whose covered inflows come largely from defaulting customers defaults with probability
    /// 0.5 × that share. Defaulters' inflows fall over the last 3–9 months (by 40–85 %), except
    /// for the silent ones; costs stay sticky, so they run net outflows.
    ///
    /// - Complexity: O(n · 40 + E).
    mutating func buildHealth(_ rng0: SeededGenerator) {
        var rng = rng0
        let n = firmCount
        let months = config.months
        let windowStart = calendar.start.daysSinceEpoch
        var z = [Double](repeating: 0, count: n)
        var score = [Double](repeating: 0, count: n)
        for i in 0..<n {
            z[i] = rng.normal()
            let ageYears = Double(windowStart - founded[i].daysSinceEpoch) / 365
            score[i] = -1.0 * z[i] + role[i].profile.risk - 0.2 * log(revenue[i] / 3e5) + (ageYears < 2 ? 0.4 : 0)
        }
        let lo = Self.intercept(logits: score, meanProbability: Self.baseDefaultRate, in: -12.0, 4.0)
        defaulted = (0..<n).map { i in !role[i].isCore && rng.nextUnit() < 1 / (1 + exp(-(lo + score[i]))) }
        defaultLogit = (0..<n).map { lo + score[$0] }

        // Contagion through supplier relationships: exposure = share of expected covered +
        // outside inflows that comes from defaulting customers.
        var fromDefaulters = [Double](repeating: 0, count: n)
        let covered = expectedCoveredInflow()
        let inflow = (0..<n).map { covered[$0] + outsideSales[$0] }
        for i in 0..<n where defaulted[i] {
            let spend = revenue[i] * role[i].profile.costs.purchases * 0.88
            for r in relations(of: i) {
                let active = Double(Int(relationTo[r]) - Int(relationFrom[r])) / Double(max(1, months))
                fromDefaulters[Int(relationSupplier[r])] += spend * Double(relationShare[r]) * active
            }
        }
        contagion = [Bool](repeating: false, count: n)
        for i in 0..<n where !defaulted[i] && !role[i].isCore && inflow[i] > 0 {
            if rng.nextUnit() < 0.5 * fromDefaulters[i] / inflow[i] {
                defaulted[i] = true
                contagion[i] = true
            }
        }

        for i in 0..<n {
            var o = Int16.max, s: Float = 0
            if defaulted[i] && months > 0 {
                let lead = months >= 3 ? rng.int(in: 3...min(months, 9)) : months
                o = Int16(months - (contagion[i] ? max(1, lead / 2) : lead))
                if !rng.chance(Self.silentShare) {
                    s = Float(contagion[i] ? rng.uniform(0.3, 0.6) : rng.uniform(0.4, 0.85))
                }
            }
            onset.append(o)
            strength.append(s)
            distressEnd.append(o == Int16.max ? Int16.max : Int16(months))
            if !defaulted[i] && months > 1 && rng.chance(Self.dipShare) {
                let start = rng.below(months)
                dipStart.append(Int16(start))
                dipEnd.append(Int16(min(months, start + rng.int(in: 2...4))))
                dipDepth.append(Float(rng.uniform(0.2, 0.55)))
            } else {
                dipStart.append(Int16.max)
                dipEnd.append(Int16.max)
                dipDepth.append(0)
            }
            volatility.append(Float(0.12 + 0.06 * max(0, -z[i]) + (s > 0 ? 0.1 : 0)))
            growth.append(Float(0.003 * z[i] + 0.006 * rng.normal()))
            payDay.append(UInt8(rng.int(in: 5...15)))
            hasLoan.append(rng.chance(min(0.7, 0.25 + 0.05 * log(1 + revenue[i] / 1e5))))
        }
    }

    /// The intercept `c` for which the mean of logistic(c + logits[i]) is `target`, by 40
    /// bisection steps in [lo, hi].
    ///
    /// - Complexity: O(40 · n).
    static func intercept(logits: [Double], meanProbability target: Double, in lo0: Double, _ hi0: Double) -> Double {
        var lo = lo0, hi = hi0
        for _ in 0..<40 {
            let mid = (lo + hi) / 2
            var mean = 0.0
            for x in logits { mean += 1 / (1 + exp(-(mid + x))) }
            if mean / Double(logits.count) > target { hi = mid } else { lo = mid }
        }
        return lo
    }
}
