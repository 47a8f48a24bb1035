import Foundation

/// Population stability index of a variable between a reference population (the previous build)
/// and a current one (docs/reports.md):
///
/// - bins: the reference's deciles. Cut points are the nearest-rank 10th, 20th, … 90th
///   percentiles of the reference's non-missing values (`sorted[⌈k·n/10⌉ − 1]`), duplicates
///   dropped; a value falls in the first bin whose cut is ≥ it, else in the last bin. Missing
///   values have a bin of their own. A categorical variable has one bin per category.
/// - PSI = Σ over bins of (a − e) · ln(a / e), with e and a the reference's and the current
///   population's shares of the bin; a share of 0 counts as 0.0001, and a bin empty in both is
///   skipped.
/// - Reading: below 0.1 stable, 0.1–0.25 a shift worth watching, above 0.25 a significant shift.
public struct PopulationStability: Sendable, Equatable {
    /// Cut points (upper bounds, inclusive) of every bin but the last.
    public var cuts: [Double]

    public init(reference: [Double?]) {
        let values = reference.compactMap { $0 }.sorted()
        var cuts: [Double] = []
        if !values.isEmpty {
            for k in 1...9 {
                let cut = values[(k * values.count + 9) / 10 - 1]
                if cuts.last != cut { cuts.append(cut) }
            }
        }
        self.cuts = cuts
    }

    /// Bins: `cuts.count + 1` value bins, then the missing bin.
    public var binCount: Int { cuts.count + 2 }

    public func bin(_ value: Double?) -> Int {
        guard let value else { return cuts.count + 1 }
        var lo = 0
        var hi = cuts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cuts[mid] >= value { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    public func counts(_ values: [Double?]) -> [Int] {
        var counts = [Int](repeating: 0, count: binCount)
        for v in values { counts[bin(v)] += 1 }
        return counts
    }

    public static let floorShare = 0.0001

    /// PSI of `actual` against `expected` counts over the same bins.
    public static func index(expected: [Int], actual: [Int]) -> Double {
        let e = Double(expected.reduce(0, +))
        let a = Double(actual.reduce(0, +))
        guard e > 0, a > 0 else { return .nan }
        var psi = 0.0
        for (ce, ca) in zip(expected, actual) where ce > 0 || ca > 0 {
            let se = max(Double(ce) / e, floorShare)
            let sa = max(Double(ca) / a, floorShare)
            psi += (sa - se) * log(sa / se)
        }
        return psi
    }

    /// PSI of two populations of numbers (`nil` = missing), binned by the reference's deciles.
    public static func index(reference: [Double?], current: [Double?]) -> (psi: Double, bins: Int) {
        let binning = PopulationStability(reference: reference)
        let expected = binning.counts(reference)
        let actual = binning.counts(current)
        let used = zip(expected, actual).filter { $0 > 0 || $1 > 0 }.count
        return (index(expected: expected, actual: actual), used)
    }

    /// PSI of two populations of categories, one bin per category.
    public static func index(categories reference: [String], current: [String]) -> (psi: Double, bins: Int) {
        let names = Array(Set(reference).union(current)).sorted()
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var expected = [Int](repeating: 0, count: names.count)
        var actual = expected
        for r in reference { expected[position[r]!] += 1 }
        for c in current { actual[position[c]!] += 1 }
        return (index(expected: expected, actual: actual), names.count)
    }

    /// The reading of a PSI value.
    public static func verdict(_ psi: Double) -> String {
        guard psi.isFinite else { return "-" }
        return psi < 0.1 ? "stable" : psi <= 0.25 ? "shift" : "significant shift"
    }
}
