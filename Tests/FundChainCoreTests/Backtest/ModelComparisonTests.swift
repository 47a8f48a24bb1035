import Testing

@testable import FundChainCore

/// The champion/challenger comparison's maths on inputs small enough to work out by hand (the
/// expected values are in the comments): nearest-rank percentiles, score distributions, the
/// grade migration matrix, the backtest population and the promotion evidence.
struct ModelComparisonTests {
    /// Nearest rank of p over n values: the ⌈p·n/100⌉-th smallest (at least the first).
    @Test func nearestRankPercentiles() {
        let ten = Array(1...10)
        // n = 10: p10 → rank 1, p50 → rank 5, p90 → rank 9, p100 → rank 10, p0 → rank 1.
        #expect(ScoreDistribution.nearestRank(ten, percent: 10) == 1)
        #expect(ScoreDistribution.nearestRank(ten, percent: 50) == 5)
        #expect(ScoreDistribution.nearestRank(ten, percent: 90) == 9)
        #expect(ScoreDistribution.nearestRank(ten, percent: 100) == 10)
        #expect(ScoreDistribution.nearestRank(ten, percent: 0) == 1)
        // n = 3: ⌈0.3⌉ = 1, ⌈1.5⌉ = 2, ⌈2.7⌉ = 3.
        #expect(ScoreDistribution.nearestRank([10, 20, 30], percent: 10) == 10)
        #expect(ScoreDistribution.nearestRank([10, 20, 30], percent: 50) == 20)
        #expect(ScoreDistribution.nearestRank([10, 20, 30], percent: 90) == 30)
        #expect(ScoreDistribution.nearestRank([7], percent: 90) == 7)
        #expect(ScoreDistribution.nearestRank([Int](), percent: 50) == nil)
    }

    @Test func scoreDistribution() {
        // Sorted points 550, 580, 600, 620: mean 2350 / 4 = 587.5; p10 rank ⌈0.4⌉ = 1 → 550,
        // p50 rank 2 → 580, p90 rank ⌈3.6⌉ = 4 → 620. Grades: BB 2 (50 %), B 1, CCC 1, A none;
        // X is not on the scale and comes last.
        let d = ScoreDistribution(
            points: [600, 550, 620, 580, 500], grades: ["BB", "CCC", "BB", "B", "X"], scale: ["A", "BB", "B", "CCC"])
        #expect(d.firms == 5)
        #expect(d.mean == 570)  // (2350 + 500) / 5
        #expect(d.p10 == 500 && d.p50 == 580 && d.p90 == 620)  // 500, 550, 580, 600, 620: ranks 1, 3, 5
        #expect(d.grades.map(\.grade) == ["A", "BB", "B", "CCC", "X"])
        #expect(d.grades.map(\.firms) == [0, 2, 1, 1, 1])
        #expect(d.grades.map(\.share) == [0, 0.4, 0.2, 0.2, 0.2])
        let four = ScoreDistribution(
            points: [600, 550, 620, 580], grades: ["BB", "CCC", "BB", "B"], scale: ["A", "BB", "B", "CCC"])
        #expect(four.mean == 587.5 && four.p10 == 550 && four.p50 == 580 && four.p90 == 620)
        let none = ScoreDistribution(points: [], grades: [], scale: ["A", "B"])
        #expect(none.mean == nil && none.p50 == nil && none.grades.map(\.share) == [0, 0])
    }

    @Test func migrationOnOneScale() {
        // Firms: A→A, A→B, B→B, C→A, B→C.
        let m = GradeMigration(
            from: ["A", "A", "B", "C", "B"], to: ["A", "B", "B", "A", "C"], fromScale: ["A", "B", "C"],
            toScale: ["A", "B", "C"])
        #expect(m.rows == ["A", "B", "C"] && m.columns == ["A", "B", "C"])
        #expect(m.counts == [[1, 1, 0], [0, 1, 1], [1, 0, 0]])
        // Same: A→A, B→B; better (a column left of the row): C→A; worse: A→B, B→C.
        #expect(m.same == 2 && m.better == 1 && m.worse == 2)
    }

    @Test func migrationAcrossScales() {
        let m = GradeMigration(
            from: ["A", "B", "B"], to: ["1", "2", "Z"], fromScale: ["A", "B"], toScale: ["1", "2", "3"])
        #expect(m.columns == ["1", "2", "3", "Z"])
        #expect(m.counts == [[1, 0, 0, 0], [0, 1, 0, 1]])
        #expect(m.same == nil && m.better == nil && m.worse == nil, "no better or worse between two scales")
    }

    @Test func populationAndObservedMonths() throws {
        let asOf = try CalendarDate(parsing: "2024-05-31")
        let defaults = [
            "a": try CalendarDate(parsing: "2024-05-31"),  // on the as-of date: already in default, left out
            "b": try CalendarDate(parsing: "2024-06-01"),  // the day after: defaulted
            "c": try CalendarDate(parsing: "2025-05-31"),  // the horizon's last day: defaulted
            "d": try CalendarDate(parsing: "2025-06-01"),  // one day after the horizon: not
        ]
        let population = BacktestPopulation(asOf: asOf, horizonMonths: 12, defaults: defaults)
        let firms = ["a", "b", "c", "d", "e"].map { (uscc: $0, grade: "B", pd: 0.1) }
        let (observations, excluded) = population.observations(firms)
        #expect(excluded == 1)
        #expect(observations.map(\.uscc) == ["b", "c", "d", "e"])
        #expect(observations.map(\.defaulted) == [true, true, false, false])
        // Month ends map to month ends: +6 months = 2024-11-30 has passed on that day, +7 = 2024-12-31 not.
        #expect(population.observedMonths(today: try CalendarDate(parsing: "2024-11-30")) == 6)
        #expect(population.observedMonths(today: try CalendarDate(parsing: "2024-12-30")) == 6)
        #expect(population.observedMonths(today: try CalendarDate(parsing: "2026-01-01")) == 12)
    }

    @Test func evidenceFromABacktest() throws {
        // Defaulters' PDs 0.4 and 0.1, the others' 0.2 and 0.3: of the 4 pairs, 0.4 beats both
        // and 0.1 neither, so AUC = 2/4 = 0.5, Gini 0; KS: at a cut-off of 0.4 one of two
        // defaulters and none of the others are above: 0.5.
        let population = BacktestPopulation(
            asOf: try CalendarDate(parsing: "2024-05-31"), horizonMonths: 12,
            defaults: [
                "w": try CalendarDate(parsing: "2024-07-01"), "z": try CalendarDate(parsing: "2024-08-01"),
            ])
        let (observations, _) = population.observations([
            (uscc: "w", grade: "C", pd: 0.4), (uscc: "x", grade: "B", pd: 0.2), (uscc: "y", grade: "B", pd: 0.3),
            (uscc: "z", grade: "A", pd: 0.1),
        ])
        let evidence = BacktestEvidence(
            Backtest.summarize(observations), batchID: 3, population: population, observedMonths: 12)
        #expect(
            evidence.firms == 4 && evidence.defaults == 2 && evidence.auc == 0.5 && evidence.gini == 0
                && evidence.ks == 0.5)
        #expect(evidence.aucLow != nil && evidence.aucHigh != nil)
        let json = evidence.json
        #expect(
            json["batch"] == .int(3) && json["as_of"] == .string("2024-05-31") && json["horizon_months"] == .int(12))
        #expect(BacktestEvidence(json: try JSONValue(parsing: json.canonicalBytes())) == evidence)
        // No defaulter: no AUC, KS or Gini, written as null.
        let (goods, _) = population.observations([(uscc: "x", grade: "B", pd: 0.2), (uscc: "y", grade: "B", pd: 0.3)])
        let empty = BacktestEvidence(Backtest.summarize(goods), batchID: 3, population: population, observedMonths: 7)
        #expect(empty.auc == nil && empty.gini == nil && empty.json["auc"] == .null)
        #expect(BacktestEvidence(json: .object(["batch": .int(1)])) == nil)
    }
}
