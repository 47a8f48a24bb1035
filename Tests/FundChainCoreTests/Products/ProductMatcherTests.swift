import Testing

@testable import FundChainCore

/// The matcher on hand-built firms; every expected value below is worked out by hand in the comments.
@Suite struct ProductMatcherTests {
    /// Every rule set; a firm at `boundaryFirm` meets each one exactly.
    static let strict = Product(
        id: "strict", name: "Strict", lender: "L", kind: "cash_flow_loan", description: "", file: "strict.yaml",
        rules: ProductRules(
            minScore: 600, grades: ["AAA", "AA", "A", "BBB", "BB"], industries: ["C36"], regions: ["500112"],
            minFirmAgeYears: 2, minMonthsActive: 10, minMonthlyInflowYuan: 100_000, maxTopCustomerShare: 0.6,
            maxRoundTripRatio: 0.1, minNetFlowRatio: -0.1, coreLink: .init(maxTier: 2, minCoreInflowShare: 0.3),
            excludeCore: true, maxDebtRankStress: 0.3, maxContagionExposure: 0.4),
        limit: LimitFormula(share: 0.2, min: yuan(100_000), max: yuan(1_000_000), step: yuan(10_000)),
        pricing: Pricing(baseBP: 345, spreadBP: ["AAA": 0, "AA": 10, "A": 30, "BBB": 60, "BB": 100]))

    static func yuan(_ amount: Int64) -> Money { Money(fen: amount * 100) }

    static let boundaryFeatures: FeatureVector = [
        "firm_age_years": .number(2), "months_active_12m": .number(10),
        "inflow_monthly_mean_12m_yuan": .number(100_000),
        "top1_customer_share": .number(0.6), "round_trip_ratio": .number(0.1), "net_flow_ratio_12m": .number(-0.1),
        "chain_tier": .number(2), "core_inflow_share": .number(0.3), "is_core": .number(0),
        "debtrank_stress": .number(0.3), "contagion_exposure": .number(0.4), "inflow_12m_yuan": .number(1_200_000),
    ]
    static let boundaryFirm = FirmFacts(points: 600, grade: "BB", pd: 0.015, industry: "C3670", region: "500112001")

    static func matcher(_ products: [Product]) -> ProductMatcher {
        ProductMatcher(catalog: ProductCatalog(products: products, sha256: "test"))
    }

    @Test func firmAtEveryBoundaryIsEligible() throws {
        let result = Self.matcher([Self.strict]).match(features: Self.boundaryFeatures, firm: Self.boundaryFirm)
        #expect(result.ineligible.isEmpty)
        let match = try #require(result.eligible.first)
        #expect(match.failures == [])
        // 1,200,000 × 0.2 × 0.6 (BB) = 144,000 → down to ¥10,000 → 140,000.
        #expect(match.limit == Self.yuan(140_000))
        #expect(match.rateBP == 445)  // 345 + 100 for BB
        #expect(match.fit == 3)  // industry, region, core link
    }

    /// Each case moves one value just past its threshold: exactly that rule fails, with the firm's
    /// value and the threshold.
    @Test(
        arguments: [
            ("firm_age_years", 1.99, "min_firm_age_years", 2.0),
            ("months_active_12m", 9, "min_months_active", 10),
            ("inflow_monthly_mean_12m_yuan", 99_999.99, "min_monthly_inflow_yuan", 100_000),
            ("top1_customer_share", 0.6001, "max_top_customer_share", 0.6),
            ("round_trip_ratio", 0.1001, "max_round_trip_ratio", 0.1),
            ("net_flow_ratio_12m", -0.1001, "min_net_flow_ratio", -0.1),
            ("chain_tier", 3, "core_link.max_tier", 2),
            ("chain_tier", 0, "core_link.max_tier", 2),
            ("core_inflow_share", 0.2999, "core_link.min_core_inflow_share", 0.3),
            ("is_core", 1, "exclude_core", 0),
            ("debtrank_stress", 0.3001, "max_debtrank_stress", 0.3),
            ("contagion_exposure", 0.4001, "max_contagion_exposure", 0.4),
        ] as [(String, Double, String, Double)])
    func oneValuePastItsThresholdFailsThatRule(feature: String, value: Double, rule: String, threshold: Double) throws {
        var features = Self.boundaryFeatures
        features[feature] = .number(value)
        let result = Self.matcher([Self.strict]).match(features: features, firm: Self.boundaryFirm)
        #expect(result.eligible.isEmpty)
        let match = try #require(result.ineligible.first)
        #expect(match.failures.map(\.rule) == [rule])
        let failure = try #require(match.failures.first)
        #expect(failure.feature == feature)
        #expect(failure.value == .number(value))
        #expect(failure.threshold.doubleValue == threshold)
    }

    @Test func scoreRegionAndIndustryBoundaries() throws {
        let matcher = Self.matcher([Self.strict])
        var firm = Self.boundaryFirm
        firm.points = 599
        var failure = try #require(
            matcher.match(features: Self.boundaryFeatures, firm: firm).ineligible.first?.failures)
        #expect(failure.map(\.rule) == ["min_score"])
        #expect(failure[0].value == .number(599))
        #expect(failure[0].threshold == .int(600))

        firm = Self.boundaryFirm
        firm.industry = "C3911"
        firm.region = "500106001"
        failure = try #require(matcher.match(features: Self.boundaryFeatures, firm: firm).ineligible.first?.failures)
        #expect(failure.map(\.rule) == ["industries", "regions"])
        #expect(failure[0].value == .category("C3911"))
        #expect(failure[0].threshold == .array([.string("C36")]))
        #expect(failure[1].text == "region 500106001 is not in 500112")
    }

    /// Grade B is not admitted (nor priced: said once), and its factor 0.4 gives 1,200,000 × 0.2 × 0.4
    /// = 96,000 → 90,000, under the minimum 100,000: both failed rules are listed.
    @Test func everyFailedRuleIsListed() throws {
        var firm = Self.boundaryFirm
        firm.grade = "B"
        let match = try #require(
            Self.matcher([Self.strict]).match(features: Self.boundaryFeatures, firm: firm).ineligible.first)
        #expect(match.failures.map(\.rule) == ["grades", "limit.min_yuan"])
        #expect(match.failures[1].text == "the suggested limit ¥90,000 is below the product's minimum ¥100,000")
        #expect(match.rateBP == nil)
        #expect(match.limit == Self.yuan(90_000))
        #expect(match.failures[1].value == .number(90_000))
        #expect(match.failures[1].threshold == .int(100_000))
    }

    /// Without a grades rule, an unpriced grade is the failure.
    @Test func unpricedGradeFailsWhenAnyGradeIsAdmitted() throws {
        var product = Self.strict
        product.rules.grades = nil
        var firm = Self.boundaryFirm
        firm.grade = "CCC"
        firm.points = 650  // the score rule passes; grades and points need not agree here
        var features = Self.boundaryFeatures
        features["inflow_12m_yuan"] = .number(10_000_000)  // × 0.2 × 0.2 (CCC) = 400,000
        let match = try #require(Self.matcher([product]).match(features: features, firm: firm).ineligible.first)
        #expect(match.failures.map(\.rule) == ["pricing.spread_bp"])
        #expect(match.failures[0].threshold == .array(["AAA", "AA", "A", "BBB", "BB"]))
        #expect(match.limit == Self.yuan(400_000))
    }

    /// A missing value fails its rule and says so; the limit's basis missing fails the limit.
    @Test(arguments: [
        ("firm_age_years", "min_firm_age_years"), ("months_active_12m", "min_months_active"),
        ("inflow_monthly_mean_12m_yuan", "min_monthly_inflow_yuan"), ("top1_customer_share", "max_top_customer_share"),
        ("round_trip_ratio", "max_round_trip_ratio"), ("net_flow_ratio_12m", "min_net_flow_ratio"),
        ("chain_tier", "core_link.max_tier"), ("core_inflow_share", "core_link.min_core_inflow_share"),
        ("is_core", "exclude_core"), ("debtrank_stress", "max_debtrank_stress"),
        ("contagion_exposure", "max_contagion_exposure"), ("inflow_12m_yuan", "limit.basis"),
    ])
    func missingValueFailsItsRule(feature: String, rule: String) throws {
        var features = Self.boundaryFeatures
        features.values[feature] = nil
        let match = try #require(
            Self.matcher([Self.strict]).match(features: features, firm: Self.boundaryFirm).ineligible.first)
        #expect(match.failures.map(\.rule) == [rule])
        #expect(match.failures[0].value == .missing)
        #expect(match.failures[0].text.contains("\(feature) is missing"))
    }

    @Test func missingIndustryFallsBackToTheFeatureThenFails() throws {
        var firm = Self.boundaryFirm
        firm.industry = ""
        var features = Self.boundaryFeatures
        features["industry_division"] = .category("C36")
        #expect(Self.matcher([Self.strict]).match(features: features, firm: firm).eligible.count == 1)
        features.values["industry_division"] = nil
        let match = try #require(Self.matcher([Self.strict]).match(features: features, firm: firm).ineligible.first)
        #expect(match.failures.map(\.text) == ["industry is missing"])
    }

    /// Limit = basis × share × grade factor, to the fen, down to the step, capped at the maximum.
    @Test(
        arguments: [
            ("AAA", 10_000_000.0, Int64(1_000_000), 345),  // 2,000,000 → cap 1,000,000
            ("AA", 1_800_000, 360_000, 355),  // 1,800,000 × 0.2 × 1 = 360,000 exactly
            ("A", 1_234_567, 220_000, 375),  // × 0.2 × 0.9 = 222,222.06 → 220,000
            ("BBB", 1_500_000, 240_000, 405),  // × 0.2 × 0.8 = 240,000 exactly (inexact in binary)
            ("BB", 2_500_000, 300_000, 445),  // × 0.2 × 0.6 = 300,000
        ] as [(String, Double, Int64, Int)])
    func limitAndRateByGrade(grade: String, inflow: Double, limit: Int64, rate: Int) throws {
        var firm = Self.boundaryFirm
        firm.grade = grade
        var features = Self.boundaryFeatures
        features["inflow_12m_yuan"] = .number(inflow)
        let match = try #require(Self.matcher([Self.strict]).match(features: features, firm: firm).eligible.first)
        #expect(match.limit == Self.yuan(limit))
        #expect(match.rateBP == rate)
    }

    /// Receivables basis: inflow × core share; 2,000,000 × 0.35 × 0.25 = 175,000 → 170,000.
    @Test func coreInflowBasis() throws {
        var product = Self.strict
        product.limit = LimitFormula(
            basis: .coreInflow12m, share: 0.25, min: Self.yuan(50_000), max: Self.yuan(5_000_000),
            step: Self.yuan(10_000))
        var features = Self.boundaryFeatures
        features["inflow_12m_yuan"] = .number(2_000_000)
        features["core_inflow_share"] = .number(0.35)
        var firm = Self.boundaryFirm
        firm.grade = "AAA"
        let match = try #require(Self.matcher([product]).match(features: features, firm: firm).eligible.first)
        #expect(match.limit == Self.yuan(170_000))
    }

    /// Eligible products: more targeting rules met first, then the lower rate, then the higher
    /// limit, then the id.
    @Test func rankingByFitThenPrice() throws {
        func product(_ id: String, industries: [String]?, base: Int, max: Int64 = 1_000_000) -> Product {
            Product(
                id: id, name: id, lender: "L", kind: "k", description: "", file: "\(id).yaml",
                rules: ProductRules(industries: industries),
                limit: LimitFormula(share: 0.2, min: Self.yuan(10_000), max: Self.yuan(max), step: Self.yuan(10_000)),
                pricing: Pricing(baseBP: base, spreadBP: ["BB": 100]))
        }
        let products = [
            product("general-cheap", industries: nil, base: 250),
            product("auto-dear", industries: ["C36"], base: 400),
            product("auto-cheap", industries: ["C"], base: 350),
            product("b-small", industries: nil, base: 300, max: 50_000),
            product("a-large", industries: nil, base: 300),
            product("other-industry", industries: ["F51"], base: 200),
        ]
        let result = Self.matcher(products).match(features: Self.boundaryFeatures, firm: Self.boundaryFirm)
        #expect(result.eligible.map(\.productID) == ["auto-cheap", "auto-dear", "general-cheap", "a-large", "b-small"])
        #expect(result.ineligible.map(\.productID) == ["other-industry"])
    }

    /// The profile-table path and a custom layout read the same values as the name path.
    @Test func customLayoutMatchesByName() {
        let layout = ["unused"] + Self.boundaryFeatures.values.keys.sorted()
        let values = layout.map { Self.boundaryFeatures[$0] }
        let catalog = ProductCatalog(products: [Self.strict], sha256: "x")
        let byLayout = ProductMatcher(catalog: catalog, layout: layout).match(firm: Self.boundaryFirm) { values[$0] }
        let byName = ProductMatcher(catalog: catalog).match(features: Self.boundaryFeatures, firm: Self.boundaryFirm)
        #expect(byLayout == byName)
        #expect(byLayout.eligible.count == 1)
    }

    @Test func matchAsJSON() throws {
        var features = Self.boundaryFeatures
        features["top1_customer_share"] = .number(0.72)
        let result = Self.matcher([Self.strict]).match(features: features, firm: Self.boundaryFirm)
        let json = result.json
        #expect(json["catalog_sha256"]?.stringValue == "test")
        #expect(json["eligible"]?.arrayValue == [])
        let match = try #require(json["ineligible"]?[0])
        #expect(match["product"]?.stringValue == "strict")
        #expect(match["eligible"] == .bool(false))
        #expect(match["limit_yuan"] == .int(140_000))
        #expect(match["annual_rate_bp"] == .int(445))
        let failure = try #require(match["failures"]?[0])
        #expect(
            failure == [
                "rule": "max_top_customer_share", "feature": "top1_customer_share", "value": .double(0.72),
                "threshold": .double(0.6), "text": "top1_customer_share 0.72 is above the maximum 0.6",
            ])
    }
}
