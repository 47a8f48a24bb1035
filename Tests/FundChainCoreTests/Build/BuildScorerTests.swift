import Testing

@testable import FundChainCore

@Suite struct BuildScorerTests {
    typealias F = BuildFixture

    static func card(tier: String = "chain_tier") -> String {
        """
        format: fundchain-scorecard/1
        id: test
        version: "1"
        description: two features
        scaling: {base_score: 600, base_odds: 50, pdo: 20}
        base_points: 500
        features:
          - name: top1_customer_share
            type: numeric
            reason_code: CP01
            reason_text: One customer dominates
            bins:
              - {max: 0.5, points: 30}
              - {min: 0.5, points: 0}
              - {missing: true, points: 10}
          - name: \(tier)
            type: numeric
            reason_code: GR03
            reason_text: Far from a core enterprise
            bins:
              - {max: 2, points: 20}
              - {min: 2, points: 5}
              - {missing: true, points: 0}
        grades:
          - {grade: A, min: 540}
          - {grade: B, max: 539}
        calibration: {method: scaling}
        """
    }

    @Test func reasonsCarryPercentilesAndTheFlowsBehindThem() throws {
        let table = try ProfileBuilder().build(F.input())
        let scores = try BuildScorer(card: Scorecard.load(yaml: Self.card())).score(table)
        // S2: top customer share 1,500,000 / 1,900,000 ≥ 0.5 → loses 30; tier 2 → loses 15.
        let s2 = scores[F.s2]
        #expect(s2.points == 505)
        #expect(s2.reasons.map(\.code) == ["CP01", "GR03"])
        let top = s2.reasons[0]
        #expect(top.peerPercentile != nil)
        #expect(top.evidence.map(\.kind) == ["value", "customer", "customer"])
        #expect(top.evidence[1].text == "customer #1 重庆R2有限公司 paid ¥15,000.00 of ¥19,000.00 inflow (78.9 %)")
        #expect(top.evidence[1].value == 15_000)
        let chain = s2.reasons[1]
        #expect(chain.evidence.map(\.text).contains("tier 2: 重庆S2有限公司 ↔ 重庆S1有限公司 ↔ 重庆K有限公司"))
        // K is at its best bin on both features: no reasons.
        #expect(scores[F.k].reasons.isEmpty && scores[F.k].points == 550)
    }

    @Test func aCardNeedingAFeatureTheBuildLacksIsRefused() throws {
        let card = try Scorecard.load(yaml: Self.card(tier: "chain_tierz"))
        #expect(throws: BuildScorer.UnknownFeatureError.self) { try BuildScorer(card: card) }
    }

    /// Counts read as English: one firm, two firms, zero days.
    @Test func countsAreSingularForOne() {
        #expect(FeatureFormat.text(.number(1), unit: "firms") == "1 firm")
        #expect(FeatureFormat.text(.number(2), unit: "firms") == "2 firms")
        #expect(FeatureFormat.text(.number(1), unit: "cycles") == "1 cycle")
        #expect(FeatureFormat.text(.number(0), unit: "days") == "0 days")
        #expect(FeatureFormat.text(.number(12), unit: "months") == "12 months")
    }
}
