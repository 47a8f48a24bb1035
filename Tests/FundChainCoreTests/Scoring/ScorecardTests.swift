import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainCore

@Suite struct ScorecardTests {
    static func expertCard() throws -> Scorecard {
        let text = try String(
            contentsOf: repoRoot.appendingPathComponent("scoring-models/sme-cashflow-v1.yaml"), encoding: .utf8)
        return try Scorecard.load(yaml: text)
    }

    /// A small card: `a` numeric, `b` categorical.
    static let smallYAML = """
        id: small
        version: 1
        scaling: {base_score: 600, base_odds: 50, pdo: 20}
        base_points: 500
        features:
          - name: a
            type: numeric
            reason_code: A1
            reason_text: a is low
            bins:
              - {max: 10, points: 0}
              - {min: 10, max: 20, points: 30}
              - {min: 20, points: 50}
              - {missing: true, points: 10}
          - name: b
            type: categorical
            reason_code: B1
            reason_text: b is risky
            bins:
              - {categories: ["1", x], points: 40}
              - {categories: [y], other: true, points: 5}
              - {missing: true, points: 0}
        grades:
          - {grade: A, min: 560}
          - {grade: B, min: 530, max: 559}
          - {grade: C, max: 529}
        """

    @Test func expertCardLoadsAndScoresByHand() throws {
        let card = try Self.expertCard()
        #expect(card.features.count == 21)
        #expect(card.scoreRange == 257...720)  // 280 − 15 − 10 + 2 (outside_world_share's floor)
        let firm: FeatureVector = [
            "inflow_12m_yuan": .number(3_000_000), "inflow_growth_3m": .number(0.05), "inflow_cv_12m": .number(0.45),
            "months_active_12m": .number(12), "months_net_outflow_12m": .number(4),
            "longest_inflow_gap_days": .number(40),
            "days_since_last_inflow": .number(100), "net_flow_ratio_12m": .number(0.05),
            "top1_customer_share": .number(0.85),
            "customer_hhi": .number(0.3), "distinct_customers_12m": .number(12), "distinct_suppliers_12m": .number(5),
            "outside_world_share": .number(0.2), "pagerank_percentile": .number(60), "chain_tier": .number(1),
            "core_inflow_share": .number(0.4), "round_trip_ratio": .number(0), "cycle_participation": .number(0),
            "firm_age_years": .number(6), "industry_division": .category("C36"),
        ]
        let result = card.score(firm)
        // 280 + 28+16+18+30+13+14+0+20+0+4+16+7+10+10+18+15+25+20+10 (contagion missing)+21+15
        #expect(result.points == 590)
        #expect(result.grade == "B")
        // odds = 50 · 2^(−10/20) = 35.3553; PD = 1/(1 + odds)
        #expect(abs(result.pd - 0.0275062) < 1e-6)
        // Points lost: days_since 30, top1 25, inflow 12, hhi 11, then contagion 10 (fifth, left out).
        #expect(result.reasons.map(\.code) == ["CF07", "CP01", "CF01", "CP02"])
        #expect(result.reasons.map(\.pointsLost) == [30, 25, 12, 11])
        #expect(result.reasons[0].value == .number(100))
    }

    @Test func defaultPDIsTheLogisticInverseOfTheScaling() throws {
        let card = try Scorecard.load(yaml: Self.smallYAML)
        #expect(abs(card.pd(points: 600) - 1.0 / 51) < 1e-12)  // odds 50
        #expect(abs(card.pd(points: 620) - 1.0 / 101) < 1e-12)  // odds 100
        #expect(abs(card.pd(points: 580) - 1.0 / 26) < 1e-12)  // odds 25
    }

    @Test func calibrationTable() throws {
        let yaml =
            Self.smallYAML
            + "\ncalibration:\n  method: table\n  table:\n    - {min_score: 0, pd: 0.2}\n    - {min_score: 540, pd: 0.05}\n"
        let card = try Scorecard.load(yaml: yaml)
        #expect(card.pd(points: 539) == 0.2)
        #expect(card.pd(points: 540) == 0.05)
        #expect(card.pd(points: 590) == 0.05)
    }

    @Test func binsAndCategoriesMatchTheirText() throws {
        let card = try Scorecard.load(yaml: Self.smallYAML)
        let a = card.features[0], b = card.features[1]
        #expect(a.binIndex(for: .number(9.999)) == 0)
        #expect(a.binIndex(for: .number(10)) == 1)  // [10, 20): min included
        #expect(a.binIndex(for: .number(20)) == 2)
        #expect(a.binIndex(for: .category(" 15 ")) == 1)  // numeric text reads as the number
        #expect(a.binIndex(for: .category("n/a")) == 3)
        #expect(a.binIndex(for: .number(.nan)) == 3)
        #expect(a.binIndex(for: .missing) == 3)
        // A numeric-looking category matches whether it arrives as text or as a number.
        #expect(b.binIndex(for: .category("1")) == 0)
        #expect(b.binIndex(for: .number(1)) == 0)
        #expect(b.binIndex(for: .category("zzz")) == 1)  // unseen → the other bin
        #expect(b.binIndex(for: .category("  ")) == 2)
    }

    @Test func reasonTiesFollowCardOrder() throws {
        // Five features each losing points: 5, 5, 7, 5, 5 → f3 first, then f1, f2, f4 (f5 left out).
        let features = (1...5).map { i in
            ScorecardFeature(
                name: "f\(i)", kind: .numeric, reasonCode: "R\(i)", reasonText: "t",
                bins: [
                    ScorecardBin(max: 0, points: 0), ScorecardBin(min: 0, points: i == 3 ? 7 : 5),
                    ScorecardBin(missing: true, points: 0),
                ])
        }
        let card = Scorecard(
            id: "t", version: "1", description: "", scaling: Scaling(), basePoints: 0, features: features,
            grades: [GradeBand(grade: "A", min: nil, max: nil)])
        try card.validate()
        let result = card.score([:])
        #expect(result.reasons.map(\.code) == ["R3", "R1", "R2", "R4"])
        #expect(result.points == 0)
        #expect(
            card.score(["f1": .number(1), "f2": .number(1), "f3": .number(1), "f4": .number(1), "f5": .number(1)])
                .reasons.isEmpty)
    }

    @Test func yamlRoundTrip() throws {
        let card = try Self.expertCard()
        let again = try Scorecard.load(yaml: card.yaml)
        #expect(again == card)
    }

    @Test(arguments: [
        (
            "- {min: 10, max: 20, points: 30}", "- {min: 12, max: 20, points: 30}",
            "feature 'a', bin 2: values in [10, 12) fall in no bin"
        ),
        (
            "- {min: 10, max: 20, points: 30}", "- {min: 8, max: 20, points: 30}",
            "feature 'a', bin 2: [8, …) overlaps the previous range ending at 10"
        ),
        (
            "- {min: 20, points: 50}", "- {min: 20, max: 30, points: 50}",
            "feature 'a', bin 3: values from 30 up fall in no bin"
        ),
        ("- {missing: true, points: 10}", "- {min: 20, points: 1}", "feature 'a': needs exactly one missing bin"),
        (
            "- {categories: [y], other: true, points: 5}", "- {categories: [y, x], other: true, points: 5}",
            "feature 'b', bin 2: category 'x' is already in bin 1"
        ),
        (
            "- {categories: [y], other: true, points: 5}", "- {categories: [y], points: 5}",
            "feature 'b': needs exactly one bin with `other: true`"
        ),
        (
            "- {min: 10, max: 20, points: 30}", "- {min: 10, max: 20, pionts: 30}",
            "feature 'a', bin 2: bin: unknown field 'pionts'"
        ),
        ("reason_code: B1", "reason_code: B1\n    weight: 3", "feature 'b': unknown field 'weight'"),
        (
            "- {grade: B, min: 530, max: 559}", "- {grade: B, min: 530, max: 555}",
            "scores 556...559 fall between grade 'B' and 'A'"
        ),
        (
            "- {grade: C, max: 529}", "- {grade: C, min: 520, max: 529}",
            "grade 'C': the worst band starts at 520 but scores go down to 500"
        ),
        ("base_points: 500", "base_points: 500\nbase_pionts: 1", "scorecard: unknown field 'base_pionts'"),
    ])
    func invalidCardsNameTheFault(original: String, replacement: String, message: String) {
        let yaml = Self.smallYAML.replacingOccurrences(of: original, with: replacement)
        #expect(yaml != Self.smallYAML)
        do {
            _ = try Scorecard.load(yaml: yaml)
            Issue.record("loaded an invalid card")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func decimalTextRule() {
        #expect(DecimalText.parse(" 12 ") == 12)
        #expect(DecimalText.parse("-0.5") == -0.5)
        #expect(DecimalText.parse(".25") == 0.25)
        #expect(DecimalText.parse("1e6") == 1_000_000)
        for text in ["", "n/a", "inf", "nan", "1,000", "0x1F", "1e", "-", "."] {
            #expect(DecimalText.parse(text) == nil)
        }
        #expect(DecimalText.canonical(3) == "3")
        #expect(DecimalText.canonical(2.5) == "2.5")
    }
}
