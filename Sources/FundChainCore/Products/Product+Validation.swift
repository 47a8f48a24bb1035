/// Checks that a decoded product's values are in their domains and that its rules are
/// satisfiable (docs/products-format.md, "Validation").
extension Product {
    /// - Throws: `ProductCatalogError` naming the product and the field.
    public func validate() throws(ProductCatalogError) {
        func fail(_ code: ProductCatalogError.Code, _ field: String, _ message: String) -> ProductCatalogError {
            ProductCatalogError(code, "product '\(id)', field \(field): \(message)")
        }
        guard !id.isEmpty,
            id.utf8.allSatisfy({ c in
                (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
            })
        else {
            throw fail(.invalidValue, "id", "use lower-case letters, digits, '-' and '_'")
        }
        guard !name.isEmpty else { throw fail(.invalidValue, "name", "is empty") }
        try rules.validate(fail)
        try limit.validate(fail)

        // Pricing: every spread names a grade, and every grade the rules admit has a price.
        guard pricing.baseBP >= 0, pricing.baseBP <= 10_000 else {
            throw fail(.invalidValue, "pricing.base_rate_bp", "\(pricing.baseBP) is not between 0 and 10000")
        }
        for (grade, spread) in pricing.spreadBP.sorted(by: { $0.key < $1.key }) {
            guard ProductCatalog.grades.contains(grade) else {
                throw fail(.invalidValue, "pricing.spread_bp", "'\(grade)' is not a grade (AAA … C)")
            }
            guard pricing.baseBP + spread >= 0 else {
                throw fail(.invalidValue, "pricing.spread_bp.\(grade)", "the rate would be negative")
            }
        }
        guard !pricing.spreadBP.isEmpty else { throw fail(.impossibleRule, "pricing.spread_bp", "prices no grade") }
        for grade in rules.grades ?? [] where pricing.spreadBP[grade] == nil {
            throw fail(
                .impossibleRule, "pricing.spread_bp", "grade \(grade) is admitted by rules.grades but has no spread")
        }
        let priced = pricing.spreadBP.keys.filter { (rules.grades ?? ProductCatalog.grades).contains($0) }
        guard priced.contains(where: { limit.factor(grade: $0) > 0 }) else {
            throw fail(.impossibleRule, "limit.grade_factors", "every admitted, priced grade has a limit factor of 0")
        }
    }
}

extension ProductRules {
    func validate(
        _ fail: (ProductCatalogError.Code, String, String) -> ProductCatalogError
    ) throws(ProductCatalogError) {
        func share(_ value: Double?, _ field: String) throws(ProductCatalogError) {
            guard let value else { return }
            guard value.isFinite, value >= 0, value <= 1 else {
                throw fail(
                    .invalidValue, "rules.\(field)", "\(DecimalText.canonical(value)) is not a share between 0 and 1")
            }
        }
        if let minScore, !(0...1000).contains(minScore) {
            throw fail(.invalidValue, "rules.min_score", "\(minScore) is not between 0 and 1000")
        }
        if let grades {
            guard !grades.isEmpty else { throw fail(.impossibleRule, "rules.grades", "admits no grade") }
            for grade in grades where !ProductCatalog.grades.contains(grade) {
                throw fail(.invalidValue, "rules.grades", "'\(grade)' is not a grade (AAA … C)")
            }
        }
        if let industries {
            guard !industries.isEmpty else { throw fail(.impossibleRule, "rules.industries", "lists no industry") }
            for code in industries where (try? IndustryCode(code)) == nil {
                throw fail(.invalidValue, "rules.industries", "'\(code)' is not a GB/T 4754-2017 code")
            }
        }
        if let regions {
            guard !regions.isEmpty else { throw fail(.impossibleRule, "rules.regions", "lists no region") }
            for code in regions where (try? RegionCode(code)) == nil {
                throw fail(.invalidValue, "rules.regions", "'\(code)' is not a known Chongqing division code")
            }
        }
        if let minFirmAgeYears, !(minFirmAgeYears.isFinite && minFirmAgeYears >= 0 && minFirmAgeYears <= 100) {
            throw fail(
                .invalidValue, "rules.min_firm_age_years",
                "\(DecimalText.canonical(minFirmAgeYears)) is not between 0 and 100")
        }
        if let minMonthsActive, !(0...12).contains(minMonthsActive) {
            throw fail(
                .impossibleRule, "rules.min_months_active",
                "\(minMonthsActive) is not between 0 and 12 (a 12-month window)")
        }
        if let minMonthlyInflowYuan, !(minMonthlyInflowYuan.isFinite && minMonthlyInflowYuan >= 0) {
            throw fail(.invalidValue, "rules.min_monthly_inflow_yuan", "must be a yuan amount ≥ 0")
        }
        try share(maxTopCustomerShare, "max_top_customer_share")
        try share(maxRoundTripRatio, "max_round_trip_ratio")
        try share(maxDebtRankStress, "max_debtrank_stress")
        try share(maxContagionExposure, "max_contagion_exposure")
        if let minNetFlowRatio, !(minNetFlowRatio.isFinite && minNetFlowRatio <= 1) {
            throw fail(
                .impossibleRule, "rules.min_net_flow_ratio", "must be at most 1 ((inflow − outflow) / inflow ≤ 1)")
        }
        if let coreLink {
            guard (1...4).contains(coreLink.maxTier) else {
                throw fail(.impossibleRule, "rules.core_link.max_tier", "\(coreLink.maxTier) is not between 1 and 4")
            }
            try share(coreLink.minCoreInflowShare, "core_link.min_core_inflow_share")
        }
    }
}

extension LimitFormula {
    func validate(
        _ fail: (ProductCatalogError.Code, String, String) -> ProductCatalogError
    ) throws(ProductCatalogError) {
        guard share.isFinite, share > 0, share <= 1 else {
            throw fail(.invalidValue, "limit.share", "\(DecimalText.canonical(share)) is not in (0, 1]")
        }
        guard step.fen > 0 else { throw fail(.invalidValue, "limit.step_yuan", "must be positive") }
        guard min <= max, max.fen > 0 else {
            throw fail(.impossibleRule, "limit", "min_yuan \(min.fen / 100) is above max_yuan \(max.fen / 100)")
        }
        guard max.fen >= step.fen else {
            throw fail(.impossibleRule, "limit.max_yuan", "is below one step (\(step.fen / 100) yuan)")
        }
        for (grade, factor) in gradeFactors.sorted(by: { $0.key < $1.key })
        where !(factor.isFinite && factor >= 0 && factor <= 1) {
            throw fail(
                .invalidValue, "limit.grade_factors.\(grade)", "\(DecimalText.canonical(factor)) is not between 0 and 1"
            )
        }
    }
}
