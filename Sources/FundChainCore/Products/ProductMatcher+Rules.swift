/// The rules, checked in a fixed order so "why not" lists read the same for every firm.
extension ProductMatcher {
    /// What the matcher precomputes per product: thresholds that are lists, as JSON, so a failure
    /// shares them instead of building them again.
    struct Prepared: Sendable {
        let grades: JSONValue
        let industries: JSONValue
        let regions: JSONValue
        let priced: JSONValue

        init(_ product: Product) {
            func list(_ items: [String]?) -> JSONValue { .array((items ?? []).map { .string($0) }) }
            grades = list(product.rules.grades)
            industries = list(product.rules.industries)
            regions = list(product.rules.regions)
            priced = list(ProductCatalog.grades.filter { product.pricing.spreadBP[$0] != nil })
        }
    }

    static func evaluate(_ product: Product, _ prepared: Prepared, _ x: Inputs) -> ProductMatch {
        let rules = product.rules
        var failures: [RuleFailure] = []
        var fit = 0

        // Score and grade.
        if let minScore = rules.minScore, x.firm.points < minScore {
            failures.append(
                RuleFailure(
                    rule: "min_score", feature: "score", value: .number(Double(x.firm.points)),
                    threshold: .int(Int64(minScore)),
                    kind: .below))
        }
        if let grades = rules.grades, !grades.contains(x.firm.grade) {
            failures.append(
                RuleFailure(
                    rule: "grades", feature: "grade", value: .category(x.firm.grade), threshold: prepared.grades,
                    kind: .notAdmitted))
        }

        // Targeting: industry and region prefixes.
        if let prefixes = rules.industries {
            if let failure = prefixRule("industries", "industry", x.industry, prefixes, prepared.industries) {
                failures.append(failure)
            } else {
                fit += 1
            }
        }
        if let prefixes = rules.regions {
            if let failure = prefixRule("regions", "region", x.region, prefixes, prepared.regions) {
                failures.append(failure)
            } else {
                fit += 1
            }
        }

        // Track record and cash flow.
        minimum(&failures, "min_firm_age_years", x, .firmAge, rules.minFirmAgeYears)
        minimum(&failures, "min_months_active", x, .monthsActive, rules.minMonthsActive.map(Double.init))
        minimum(&failures, "min_monthly_inflow_yuan", x, .monthlyInflow, rules.minMonthlyInflowYuan)
        maximum(&failures, "max_top_customer_share", x, .top1Customer, rules.maxTopCustomerShare)
        maximum(&failures, "max_round_trip_ratio", x, .roundTrip, rules.maxRoundTripRatio)
        minimum(&failures, "min_net_flow_ratio", x, .netFlowRatio, rules.minNetFlowRatio)

        // Core enterprises and the chain.
        if rules.excludeCore {
            let isCore = x.number(.isCore)
            if isCore != 0 {
                failures.append(
                    RuleFailure(
                        rule: "exclude_core", feature: x.name(.isCore), value: x[.isCore], threshold: .int(0),
                        kind: isCore == nil ? .missing : .isCore))
            }
        }
        if let link = rules.coreLink {
            let tier = x.number(.chainTier)
            let linked = tier.map { $0 >= 1 && $0 <= Double(link.maxTier) } ?? false
            if !linked {
                failures.append(
                    RuleFailure(
                        rule: "core_link.max_tier", feature: x.name(.chainTier), value: x[.chainTier],
                        threshold: .int(Int64(link.maxTier)), kind: tier == nil ? .missing : .tier))
            }
            let before = failures.count
            minimum(&failures, "core_link.min_core_inflow_share", x, .coreInflowShare, link.minCoreInflowShare)
            if linked, failures.count == before { fit += 1 }
        }

        // Exclusions: distress around the firm.
        maximum(&failures, "max_debtrank_stress", x, .debtRank, rules.maxDebtRankStress)
        maximum(&failures, "max_contagion_exposure", x, .contagion, rules.maxContagionExposure)

        // Price and amount. A grade the rules already refused is not reported again as unpriced.
        let rate = product.pricing.rateBP(grade: x.firm.grade)
        if rate == nil, rules.grades?.contains(x.firm.grade) ?? true {
            failures.append(
                RuleFailure(
                    rule: "pricing.spread_bp", feature: "grade", value: .category(x.firm.grade),
                    threshold: prepared.priced,
                    kind: .notPriced))
        }
        let limit = suggestedLimit(product.limit, x, &failures)

        return ProductMatch(
            productID: product.id, name: product.name, lender: product.lender, kind: product.kind,
            eligible: failures.isEmpty, fit: fit, limit: limit, rateBP: rate, failures: failures)
    }

    /// `basis × share × grade factor`, rounded to the fen, then down to a multiple of `step`,
    /// capped at `max`. A missing basis, or a result below `min`, is a failed rule.
    static func suggestedLimit(_ formula: LimitFormula, _ x: Inputs, _ failures: inout [RuleFailure]) -> Money? {
        guard let inflow = x.number(.inflow12m) else {
            failures.append(
                RuleFailure(
                    rule: "limit.basis", feature: x.name(.inflow12m), value: .missing, threshold: .null, kind: .missing)
            )
            return nil
        }
        var basis = inflow
        if formula.basis == .coreInflow12m {
            guard let share = x.number(.coreInflowShare) else {
                failures.append(
                    RuleFailure(
                        rule: "limit.basis", feature: x.name(.coreInflowShare), value: .missing, threshold: .null,
                        kind: .missing))
                return nil
            }
            basis *= share
        }
        let rawFen = (max(0, basis) * 100 * formula.share * formula.factor(grade: x.firm.grade)).rounded()
        let limit: Money
        if rawFen >= Double(formula.max.fen) {
            limit = formula.max
        } else {
            let fen = Int64(rawFen)
            limit = Money(fen: fen / formula.step.fen * formula.step.fen)
        }
        if limit < formula.min {
            failures.append(
                RuleFailure(
                    rule: "limit.min_yuan", feature: "limit_yuan", value: .number(Double(limit.fen / 100)),
                    threshold: .int(formula.min.fen / 100), kind: .limitBelowMinimum))
        }
        return limit
    }

    /// Fails when the value is below `threshold` (or missing).
    static func minimum(
        _ failures: inout [RuleFailure], _ rule: String, _ x: Inputs, _ need: Need, _ threshold: Double?
    ) {
        guard let threshold else { return }
        let value = x.number(need)
        if let value, value >= threshold { return }
        failures.append(
            RuleFailure(
                rule: rule, feature: x.name(need), value: value.map { .number($0) } ?? .missing,
                threshold: .number(threshold),
                kind: value == nil ? .missing : .below))
    }

    /// Fails when the value is above `threshold` (or missing).
    static func maximum(
        _ failures: inout [RuleFailure], _ rule: String, _ x: Inputs, _ need: Need, _ threshold: Double?
    ) {
        guard let threshold else { return }
        let value = x.number(need)
        if let value, value <= threshold { return }
        failures.append(
            RuleFailure(
                rule: rule, feature: x.name(need), value: value.map { .number($0) } ?? .missing,
                threshold: .number(threshold),
                kind: value == nil ? .missing : .above))
    }

    /// Fails unless `code` starts with one of `prefixes` (or is missing).
    static func prefixRule(
        _ rule: String, _ feature: String, _ code: String?, _ prefixes: [String], _ threshold: JSONValue
    ) -> RuleFailure? {
        guard let code, !code.isEmpty else {
            return RuleFailure(rule: rule, feature: feature, value: .missing, threshold: threshold, kind: .missing)
        }
        if prefixes.contains(where: { code.hasPrefix($0) }) { return nil }
        return RuleFailure(rule: rule, feature: feature, value: .category(code), threshold: threshold, kind: .notIn)
    }
}
