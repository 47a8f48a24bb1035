import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainCore

/// The backtest's figures against numpy and scipy (Tests/Fixtures/backtest/make-backtest-fixtures.py):
/// AUC against Mann–Whitney U, DeLong's standard error against the pairwise definition, KS against
/// `ks_2samp`, Jeffreys intervals against `beta.ppf`, Hosmer–Lemeshow against `chi2.sf`.
struct BacktestReferenceTests {
    struct Fixture: Decodable {
        var datasets: [Dataset]
        var paired: [Paired]
        var jeffreys: [JeffreysCase]
        var beta_cdf: [BetaCase]
        var chi2_sf: [ChiCase]
    }

    struct Dataset: Decodable, CustomTestStringConvertible {
        var name: String
        var pd: [Double]
        var defaulted: [Int]
        var grade: [String]
        var expected: Expected
        var testDescription: String { name }
    }

    struct Expected: Decodable {
        var firms: Int
        var defaults: Int
        var auc: Double
        var auc_se: Double
        var auc_low: Double
        var auc_high: Double
        var ks: Double
        var gini: Double
        var grades: [GradeRow]
        var hl_statistic: Double
        var hl_df: Int
        var hl_p: Double
    }

    struct GradeRow: Decodable {
        var grade: String
        var firms: Int
        var defaults: Int
        var observed_rate: Double?
        var predicted_pd: Double?
        var jeffreys_low: Double?
        var jeffreys_high: Double?
        var within_interval: Bool?
    }

    struct Paired: Decodable, CustomTestStringConvertible {
        struct Expected: Decodable {
            var auc_first: Double; var auc_second: Double; var difference: Double; var se: Double; var p_value: Double
        }
        var name: String
        var pd_first: [Double]
        var pd_second: [Double]
        var defaulted: [Int]
        var expected: Expected
        var testDescription: String { name }
    }

    struct JeffreysCase: Decodable { var defaults: Int; var firms: Int; var low: Double; var high: Double }
    struct BetaCase: Decodable { var x: Double; var a: Double; var b: Double; var value: Double }
    struct ChiCase: Decodable { var x: Double; var df: Int; var value: Double }

    static let fixture: Fixture = {
        let url = repoRoot.appendingPathComponent("Tests/Fixtures/backtest/backtest.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static let scale = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"]

    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test(arguments: fixture.datasets)
    func summaryAndGradesMatchScipy(dataset: Dataset) {
        let observations = dataset.pd.indices.map {
            Backtest.Observation(
                uscc: "F\($0)", grade: dataset.grade[$0], pd: dataset.pd[$0], defaulted: dataset.defaulted[$0] == 1)
        }
        let backtest = Backtest(observations, gradeOrder: Self.scale)
        let expected = dataset.expected
        #expect(backtest.summary.firms == expected.firms && backtest.summary.defaults == expected.defaults)
        #expect(
            Self.close(backtest.summary.auc.auc, expected.auc), "AUC \(backtest.summary.auc.auc) vs \(expected.auc)")
        #expect(Self.close(backtest.summary.auc.standardError, expected.auc_se), "SE")
        #expect(
            Self.close(backtest.summary.auc.low, expected.auc_low)
                && Self.close(backtest.summary.auc.high, expected.auc_high))
        #expect(Self.close(backtest.summary.ks, expected.ks), "KS \(backtest.summary.ks) vs \(expected.ks)")
        #expect(Self.close(backtest.summary.gini, expected.gini))
        #expect(backtest.grades.map(\.grade) == Self.scale)
        for (got, want) in zip(backtest.grades, expected.grades) {
            #expect(got.firms == want.firms && got.defaults == want.defaults, "\(want.grade)")
            guard want.firms > 0 else { continue }
            #expect(Self.close(got.observedRate, want.observed_rate) && Self.close(got.predictedPD, want.predicted_pd))
            #expect(Self.close(got.interval.low, want.jeffreys_low, 1e-8), "\(want.grade) low \(got.interval.low)")
            #expect(Self.close(got.interval.high, want.jeffreys_high, 1e-8), "\(want.grade) high \(got.interval.high)")
            #expect(got.withinInterval == want.within_interval, "\(want.grade)")
        }
        // The ROC curve's trapezoid area is the AUC (ties make the diagonal steps the ½ counts).
        let roc = Backtest(observations, gradeOrder: Self.scale, rocPoints: .max).roc
        let area = zip(roc, roc.dropFirst()).reduce(0.0) { $0 + ($1.1.x - $1.0.x) * ($1.1.y + $1.0.y) / 2 }
        #expect(Self.close(area, expected.auc), "ROC area \(area)")
        #expect(roc.first == .init(x: 0, y: 0) && roc.last == .init(x: 1, y: 1) && backtest.roc.count <= 201)
        let hl = try! #require(backtest.hosmerLemeshow)
        #expect(Self.close(hl.statistic, expected.hl_statistic) && hl.degreesOfFreedom == expected.hl_df)
        #expect(Self.close(hl.pValue, expected.hl_p, 1e-8), "HL p \(hl.pValue) vs \(expected.hl_p)")
    }

    @Test func jeffreysIntervalsMatchScipysBetaQuantiles() {
        for c in Self.fixture.jeffreys {
            let interval = BinomialInterval.jeffreys(defaults: c.defaults, firms: c.firms)
            #expect(Self.close(interval.low, c.low, 1e-8), "\(c.defaults)/\(c.firms) low \(interval.low) vs \(c.low)")
            #expect(
                Self.close(interval.high, c.high, 1e-8), "\(c.defaults)/\(c.firms) high \(interval.high) vs \(c.high)")
        }
    }

    @Test func specialFunctionsMatchScipy() {
        for c in Self.fixture.beta_cdf {
            let value = SpecialFunctions.regularizedBeta(c.x, a: c.a, b: c.b)
            #expect(Self.close(value, c.value, 1e-11), "I_\(c.x)(\(c.a), \(c.b)) = \(value) vs \(c.value)")
        }
        for c in Self.fixture.chi2_sf {
            let value = SpecialFunctions.chiSquareSurvival(c.x, degreesOfFreedom: c.df)
            #expect(abs(value - c.value) <= 1e-12 + 1e-10 * c.value, "χ²(\(c.df)) > \(c.x): \(value) vs \(c.value)")
        }
    }

    /// DeLong's paired test against its pairwise-kernel definition and scipy's normal tail.
    @Test(arguments: fixture.paired)
    func pairedDeLongMatchesTheKernelDefinition(_ case_: Paired) {
        let comparison = ModelMetrics.compareAUC(
            case_.pd_first.map { -$0 }, case_.pd_second.map { -$0 }, isBad: case_.defaulted.map { $0 == 1 })
        let e = case_.expected
        #expect(abs(comparison.first.auc - e.auc_first) < 1e-12)
        #expect(abs(comparison.second.auc - e.auc_second) < 1e-12)
        #expect(abs(comparison.difference - e.difference) < 1e-12)
        #expect(abs((comparison.standardError ?? .nan) - e.se) < 1e-12)
        #expect(abs((comparison.pValue ?? .nan) - e.p_value) < 1e-9)
        #expect(comparison.low! < comparison.difference && comparison.difference < comparison.high!)
    }

    @Test func aModelComparedWithItselfShowsNoDifference() {
        let data = Self.fixture.datasets[1]
        let scores = data.pd.map { -$0 }
        let comparison = ModelMetrics.compareAUC(scores, scores, isBad: data.defaulted.map { $0 == 1 })
        #expect(comparison.difference == 0 && comparison.standardError == 0 && comparison.pValue == 1)
    }
}

/// The backtest's own rules, on hand-made data.
struct BacktestRuleTests {
    @Test func rankOrderingInversionsAreNamed() {
        // A: 1/10, BBB: 0/10 (falls: an inversion), BB: 3/10, B: 3/10 (flat: not one).
        var observations: [Backtest.Observation] = []
        for (grade, defaults) in [("A", 1), ("BBB", 0), ("BB", 3), ("B", 3)] {
            for i in 0..<10 {
                observations.append(.init(uscc: "\(grade)\(i)", grade: grade, pd: 0.1, defaulted: i < defaults))
            }
        }
        let backtest = Backtest(observations, gradeOrder: BacktestReferenceTests.scale)
        #expect(backtest.inversions == [.init(better: "A", worse: "BBB", betterRate: 0.1, worseRate: 0)])
        #expect(backtest.grades.count == 9 && backtest.grades[0].firms == 0)
    }

    @Test func segmentsBelowTheMinimumAreLeftOut() {
        let observations = (0..<100).map { i in
            Backtest.Observation(
                uscc: "F\(i)", grade: "BB", pd: 0.05, defaulted: i % 10 == 0,
                segments: ["division": i < 70 ? "C" : "F", "district": "500112"])
        }
        let backtest = Backtest(observations, gradeOrder: BacktestReferenceTests.scale, minimumSegmentFirms: 31)
        #expect(
            backtest.segments.map { "\($0.dimension)/\($0.code)/\($0.summary.firms)" } == [
                "district/500112/100", "division/C/70",
            ])
        #expect(backtest.segments[1].summary.defaults == 7)
    }

    @Test func aPopulationWithoutDefaultsHasNoAUC() {
        let observations = (0..<5).map { Backtest.Observation(uscc: "F\($0)", grade: "A", pd: 0.01, defaulted: false) }
        let backtest = Backtest(observations, gradeOrder: ["A"])
        #expect(backtest.summary.auc.auc.isNaN && backtest.summary.auc.standardError == nil)
        #expect(backtest.summary.interval.low == 0)
    }
}
