/// Outcomes analysis of one batch's PDs and grades against the defaults that followed it
/// (docs/backtest.md): discrimination, calibration per grade, rank ordering, and the same summary
/// per segment. Pure: the caller chooses the population and the horizon.
public struct Backtest: Sendable, Hashable {
    /// One firm of the population: what the batch said, and whether it defaulted in the horizon.
    public struct Observation: Sendable, Hashable {
        public var uscc: String
        public var grade: String
        public var pd: Double
        public var defaulted: Bool
        /// Segments the firm belongs to, by dimension (e.g. `division` → `C`, `district` → `500112`).
        public var segments: [String: String]

        public init(uscc: String, grade: String, pd: Double, defaulted: Bool, segments: [String: String] = [:]) {
            self.uscc = uscc
            self.grade = grade
            self.pd = pd
            self.defaulted = defaulted
            self.segments = segments
        }
    }

    /// Discrimination and overall calibration of a set of firms.
    public struct Summary: Sendable, Hashable {
        public var firms: Int
        public var defaults: Int
        public var observedRate: Double
        public var meanPD: Double
        /// The AUC of the PDs (a higher PD should mean a default), with DeLong's 95 % interval;
        /// NaN when the firms are all goods or all bads.
        public var auc: ModelMetrics.AUCEstimate
        public var ks: Double
        public var gini: Double
        public var interval: BinomialInterval
        public var withinInterval: Bool { interval.contains(meanPD) }
    }

    /// One grade's calibration.
    public struct Grade: Sendable, Hashable {
        public var grade: String
        public var firms: Int
        public var defaults: Int
        public var observedRate: Double
        /// The mean PD the batch gave the grade's firms.
        public var predictedPD: Double
        /// Jeffreys' 95 % interval of the observed rate.
        public var interval: BinomialInterval
        /// Whether `predictedPD` lies in `interval`.
        public var withinInterval: Bool { interval.contains(predictedPD) }
    }

    /// Two neighbouring grades (among those holding firms) whose observed rates fall as the grade
    /// worsens. Equal rates (e.g. no defaults in either) are not counted.
    public struct Inversion: Sendable, Hashable {
        public var better: String
        public var worse: String
        public var betterRate: Double
        public var worseRate: Double
    }

    /// Hosmer–Lemeshow over the grades: Σ (O − n·p̄)² / (n·p̄·(1 − p̄)), with as many degrees of
    /// freedom as grades (the PDs were not fitted on this sample).
    public struct ChiSquare: Sendable, Hashable {
        public var statistic: Double
        public var degreesOfFreedom: Int
        public var pValue: Double
    }

    public struct Segment: Sendable, Hashable {
        public var dimension: String
        public var code: String
        public var summary: Summary
    }

    /// A point of the ROC curve: of the firms with a PD at or above some threshold, the share of
    /// all non-defaulters (`x`) and of all defaulters (`y`) they hold.
    public struct ROCPoint: Sendable, Hashable {
        public var x: Double
        public var y: Double
    }

    public var summary: Summary
    /// The ROC curve from (0, 0) to (1, 1), one point per distinct PD, thinned to at most
    /// `rocPoints` points (evenly by rank; the ends kept). Empty without both classes.
    public var roc: [ROCPoint]
    /// Every grade of the scale, best first, including empty ones (firms 0).
    public var grades: [Grade]
    public var inversions: [Inversion]
    public var hosmerLemeshow: ChiSquare?
    /// Segments with at least `minimumSegmentFirms` firms, by dimension then code.
    public var segments: [Segment]

    /// - Parameters:
    ///   - gradeOrder: the scale's grades, best first (the card's `grades`).
    ///   - minimumSegmentFirms: smaller segments are left out (their rates mean little).
    /// - Complexity: O(n log n) per summary.
    public init(
        _ observations: [Observation], gradeOrder: [String], minimumSegmentFirms: Int = 30, rocPoints: Int = 201
    ) {
        summary = Self.summarize(observations)
        roc = Self.rocCurve(observations, limit: rocPoints)
        var byGrade: [String: (firms: Int, defaults: Int, pd: Double)] = [:]
        for o in observations {
            byGrade[o.grade, default: (0, 0, 0)].firms += 1
            byGrade[o.grade, default: (0, 0, 0)].defaults += o.defaulted ? 1 : 0
            byGrade[o.grade, default: (0, 0, 0)].pd += o.pd
        }
        let order = gradeOrder + byGrade.keys.filter { !gradeOrder.contains($0) }.sorted()
        grades = order.map { name in
            let g = byGrade[name] ?? (0, 0, 0)
            return Grade(
                grade: name, firms: g.firms, defaults: g.defaults,
                observedRate: g.firms > 0 ? Double(g.defaults) / Double(g.firms) : 0,
                predictedPD: g.firms > 0 ? g.pd / Double(g.firms) : 0,
                interval: g.firms > 0
                    ? .jeffreys(defaults: g.defaults, firms: g.firms) : BinomialInterval(low: 0, high: 1))
        }
        let held = grades.filter { $0.firms > 0 }
        inversions = zip(held, held.dropFirst()).compactMap { better, worse in
            worse.observedRate < better.observedRate
                ? Inversion(
                    better: better.grade, worse: worse.grade, betterRate: better.observedRate,
                    worseRate: worse.observedRate)
                : nil
        }
        let tested = held.filter { $0.predictedPD > 0 && $0.predictedPD < 1 }
        if !tested.isEmpty {
            let statistic = tested.reduce(0.0) { sum, g in
                let expected = Double(g.firms) * g.predictedPD
                return sum + (Double(g.defaults) - expected) * (Double(g.defaults) - expected)
                    / (expected * (1 - g.predictedPD))
            }
            hosmerLemeshow = ChiSquare(
                statistic: statistic, degreesOfFreedom: tested.count,
                pValue: SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: tested.count))
        }
        var groups: [String: [String: [Observation]]] = [:]
        for o in observations {
            for (dimension, code) in o.segments { groups[dimension, default: [:]][code, default: []].append(o) }
        }
        segments = groups.keys.sorted().flatMap { dimension in
            groups[dimension]!.filter { $0.value.count >= minimumSegmentFirms }.keys.sorted().map { code in
                Segment(dimension: dimension, code: code, summary: Self.summarize(groups[dimension]![code]!))
            }
        }
    }

    static func rocCurve(_ observations: [Observation], limit: Int) -> [ROCPoint] {
        let bads = Double(observations.count { $0.defaulted }), goods = Double(observations.count) - bads
        guard bads > 0, goods > 0 else { return [] }
        let sorted = observations.sorted { $0.pd > $1.pd }
        var points = [ROCPoint(x: 0, y: 0)]
        var falsePositives = 0.0, truePositives = 0.0
        var i = 0
        while i < sorted.count {
            let pd = sorted[i].pd
            while i < sorted.count, sorted[i].pd == pd {
                if sorted[i].defaulted { truePositives += 1 } else { falsePositives += 1 }
                i += 1
            }
            points.append(ROCPoint(x: falsePositives / goods, y: truePositives / bads))
        }
        guard points.count > limit, limit >= 2 else { return points }
        let step = Double(points.count - 1) / Double(limit - 1)
        return (0..<limit).map { points[Int((Double($0) * step).rounded())] }
    }

    /// Discrimination and overall calibration of `observations`.
    ///
    /// - Complexity: O(n log n).
    public static func summarize(_ observations: [Observation]) -> Summary {
        let firms = observations.count
        let defaults = observations.count { $0.defaulted }
        let safety = observations.map { -$0.pd }
        let isBad = observations.map(\.defaulted)
        let auc = ModelMetrics.aucWithInterval(scores: safety, isBad: isBad)
        return Summary(
            firms: firms, defaults: defaults, observedRate: firms > 0 ? Double(defaults) / Double(firms) : 0,
            meanPD: firms > 0 ? observations.reduce(0) { $0 + $1.pd } / Double(firms) : 0, auc: auc,
            ks: ModelMetrics.ks(scores: safety, isBad: isBad), gini: ModelMetrics.gini(auc: auc.auc),
            interval: firms > 0 ? .jeffreys(defaults: defaults, firms: firms) : BinomialInterval(low: 0, high: 1))
    }
}
