import Foundation

/// A master scale: grades defined by PD bands, the same for every model, so that a grade means
/// the same risk whichever card gave it (docs/models.md). A card calibrated to it gets the grade
/// bands in points that its scaling maps onto those PDs (`gradeBands(for:)`).
public struct MasterScale: Sendable, Hashable {
    /// One grade: PDs in `[pdLow, pdHigh)`.
    public struct Band: Sendable, Hashable {
        public var grade: String
        public var pdLow: Double
        public var pdHigh: Double
    }

    /// Best grade first; contiguous from 0 to 1.
    public let bands: [Band]

    /// `upperBounds[k]` is the PD at which grade `k` ends and grade `k + 1` starts.
    public init(grades: [String], upperBounds: [Double]) {
        precondition(grades.count == upperBounds.count + 1, "one bound between each two grades")
        precondition(zip(upperBounds, upperBounds.dropFirst()).allSatisfy { $0 < $1 }, "bounds must rise")
        precondition(upperBounds.allSatisfy { $0 > 0 && $0 < 1 }, "bounds must be in (0, 1)")
        let lows = [0] + upperBounds, highs = upperBounds + [1]
        bands = grades.indices.map { Band(grade: grades[$0], pdLow: lows[$0], pdHigh: highs[$0]) }
    }

    /// FundChain's master scale for small and micro firms' 12-month PDs: about ×1.7 per grade, so
    /// that a population whose default rate is a few per cent spreads over every grade; BBB ends
    /// at 2 %, about the PD at the usual base score (odds 50:1). The table is in docs/models.md.
    public static let fundchain = MasterScale(
        grades: ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"],
        upperBounds: [0.0035, 0.006, 0.011, 0.02, 0.035, 0.06, 0.10, 0.18])

    /// The grade of a PD.
    public func grade(pd: Double) -> String {
        bands.first { pd < $0.pdHigh }?.grade ?? bands[bands.count - 1].grade
    }

    /// Grade bands in points for a card whose PD is `scaling.pd(score:)`: integer score `x` is in
    /// a grade exactly when `scaling.pd(score: x)` is in the grade's PD band. A band narrower than
    /// one point would give a grade no score at all, which `Scorecard.validate` refuses; with
    /// `pdo` 20 the narrowest band of `fundchain` spans 15 points.
    public func gradeBands(for scaling: Scaling) -> [GradeBand] {
        // The score whose PD is p: ln((1 − p)/p) = (score − offset)/factor.
        func score(pd p: Double) -> Double { scaling.offset + scaling.factor * log((1 - p) / p) }
        return bands.indices.map { k in
            let band = bands[k]
            let min: Int? = k == bands.count - 1 ? nil : Int(score(pd: band.pdHigh).rounded(.down)) + 1
            let max: Int? = k == 0 ? nil : Int(score(pd: band.pdLow).rounded(.down))
            return GradeBand(grade: band.grade, min: min, max: max)
        }
    }
}
