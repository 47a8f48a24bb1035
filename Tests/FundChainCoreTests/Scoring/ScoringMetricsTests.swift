import Testing

@testable import FundChainCore

/// WOE, IV, AUC, KS, PSI and the regression against hand-computed or independent reference values.
@Suite struct ScoringMetricsTests {
    let total = BinCounts(goods: 6, bads: 4)

    @Test func woeAndIVByHand() {
        // Bin A: 4 goods, 1 bad; bin B: 2 goods, 3 bads. WOE = ln(%bad/%good).
        let a = BinCounts(goods: 4, bads: 1), b = BinCounts(goods: 2, bads: 3)
        #expect(abs(a.woe(of: total) - -0.9808292530117262) < 1e-12)  // ln(0.25 / 0.6667)
        #expect(abs(b.woe(of: total) - 0.8109302162163288) < 1e-12)  // ln(0.75 / 0.3333)
        #expect(abs([a, b].informationValue(total: total) - 0.7465664455116896) < 1e-12)
    }

    @Test func woeSmoothsAnEmptyCell() {
        // 3 goods, no bads: the zero counts as 0.5 → ln((0.5/4) / (3/6)) = ln(0.25).
        #expect(abs(BinCounts(goods: 3, bads: 0).woe(of: total) - -1.3862943611198906) < 1e-12)
        #expect(BinCounts().iv(of: total) == 0)
    }

    @Test func aucByHand() {
        // Goods score 2 and 4, bads 1 and 3: good above bad in 3 of 4 pairs.
        #expect(ModelMetrics.auc(scores: [1, 2, 3, 4], isBad: [true, false, true, false]) == 0.75)
        // Goods 2, 3; bads 1, 2: pairs 1 + 0.5 (tie) + 1 + 1 = 3.5 of 4.
        #expect(ModelMetrics.auc(scores: [1, 2, 2, 3], isBad: [true, true, false, false]) == 0.875)
        #expect(ModelMetrics.gini(auc: 0.875) == 0.75)
    }

    @Test func ksByHand() {
        // Cumulative bad − good shares at scores 1…4: 0.5, 0, 0.5, 0.
        #expect(ModelMetrics.ks(scores: [1, 2, 3, 4], isBad: [true, false, true, false]) == 0.5)
        // Tied scores are one step: at 2 both rows enter together (1 − 0.5), not 1 − 0.
        #expect(ModelMetrics.ks(scores: [2, 2, 1, 3], isBad: [true, false, true, false]) == 0.5)
        #expect(ModelMetrics.ks(scores: [1, 1, 2, 2], isBad: [true, true, false, false]) == 1)
    }

    @Test func psiByHand() {
        // (0.25 − 0.5)·ln(0.5) + (0.75 − 0.5)·ln(1.5)
        #expect(abs(ModelMetrics.psi(expected: [50, 50], actual: [25, 75]) - 0.2746530721670274) < 1e-12)
        #expect(ModelMetrics.psi(expected: [30, 70], actual: [3, 7]) == 0)
    }

    @Test func psiCountsABinPresentInOneSampleOnly() {
        // Expected [10, 0] → shares 1 and 0.5/10; actual [5, 5] → 0.5, 0.5.
        // (0.5 − 1)·ln(0.5) + (0.5 − 0.05)·ln(10) = 1.38274
        #expect(abs(ModelMetrics.psi(expected: [10, 0], actual: [5, 5]) - 1.3827368821272934) < 1e-12)
        // A bin empty in both samples adds nothing.
        #expect(
            ModelMetrics.psi(expected: [50, 0, 50], actual: [25, 0, 75])
                == ModelMetrics.psi(expected: [50, 50], actual: [25, 75]))
    }

    @Test func correlationByHand() {
        #expect(abs(ModelMetrics.correlation([1, 2, 3], [2, 4, 6]) - 1) < 1e-12)
        #expect(abs(ModelMetrics.correlation([1, 2, 3], [3, 2, 1]) + 1) < 1e-12)
        #expect(ModelMetrics.correlation([1, 1, 1], [1, 2, 3]) == 0)
    }

    @Test func logisticRegressionMatchesStatsmodels() throws {
        // Reference: statsmodels 0.15 Logit(y, [1, x1, x2]).fit(tol=1e-12) on the same ten rows.
        let x1: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        let x2: [Double] = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0]
        let y = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1].map { $0 == 1 }
        let model = try LogisticRegression.fit(columns: [x1, x2], y: y)
        #expect(abs(model.intercept - -2.84127581) < 1e-6)
        #expect(abs(model.coefficients[0] - 0.66679249) < 1e-6)
        #expect(abs(model.coefficients[1] - -0.34154722) < 1e-6)
        #expect(abs(model.standardErrors[0] - 2.2103588) < 1e-6)
        #expect(abs(model.standardErrors[1] - 0.39928075) < 1e-6)
        #expect(abs(model.standardErrors[2] - 1.7150565) < 1e-6)
        #expect(abs(model.pValues[0] - 0.09492252) < 1e-6)
        #expect(abs(model.pValues[1] - 0.84214827) < 1e-6)
    }

    @Test func logisticRegressionRejectsCollinearColumns() {
        let x: [Double] = [0, 1, 2, 3, 4, 5]
        #expect(throws: ScorecardError.self) {
            try LogisticRegression.fit(columns: [x, x.map { 2 * $0 }], y: [false, true, false, true, true, false])
        }
    }
}
