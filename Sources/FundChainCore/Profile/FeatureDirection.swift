/// Which way a feature moves risk, where economics says so: the direction a fitted scorecard's
/// bins must keep (`FitOptions.directions`), so that a fit on one sample cannot learn that more
/// inflow is worse. Features without a stated direction (`nil`) have none a credit officer would
/// defend in advance — growth spikes, reciprocity, community size — and are fitted either way.
public enum RiskDirection: String, Sendable, Hashable, CaseIterable {
    /// The higher the value, the lower the risk (e.g. inflow).
    case higherIsSafer = "higher_is_safer"
    /// The higher the value, the higher the risk (e.g. days since the last inflow).
    case higherIsRiskier = "higher_is_riskier"

    /// How docs/features.md shows it.
    public var symbol: String {
        switch self {
        case .higherIsSafer: "↑ safer"
        case .higherIsRiskier: "↑ riskier"
        }
    }
}

extension FeatureDefinition {
    /// The direction the feature moves risk in, or `nil` when none is stated (categorical
    /// features never have one).
    public var direction: RiskDirection? { ProfileCatalog.directions[name] }
}

extension ProfileCatalog {
    /// The stated directions, each with its reason. Peer percentiles take their feature's.
    public static let directions: [String: RiskDirection] = {
        var d: [String: RiskDirection] = [
            // Cash flow: more money in, and more left over, is more capacity to repay.
            "inflow_3m_yuan": .higherIsSafer, "inflow_6m_yuan": .higherIsSafer, "inflow_12m_yuan": .higherIsSafer,
            "inflow_monthly_mean_12m_yuan": .higherIsSafer,
            "net_flow_3m_yuan": .higherIsSafer, "net_flow_6m_yuan": .higherIsSafer, "net_flow_12m_yuan": .higherIsSafer,
            "net_flow_ratio_12m": .higherIsSafer,
            // A rising seasonally adjusted trend is a growing business.
            "inflow_trend_sa_12m": .higherIsSafer,
            // Volatile or interrupted receipts leave instalments unpaid in empty months.
            "inflow_cv_12m": .higherIsRiskier,
            "months_active_12m": .higherIsSafer,
            "months_net_outflow_12m": .higherIsRiskier,
            "longest_inflow_gap_days": .higherIsRiskier,
            "days_since_last_inflow": .higherIsRiskier,
            // Counterparties: more of them, and less dependence on the largest, is resilience.
            "distinct_customers_12m": .higherIsSafer, "distinct_suppliers_12m": .higherIsSafer,
            "top1_customer_share": .higherIsRiskier, "top5_customer_share": .higherIsRiskier,
            "customer_hhi": .higherIsRiskier, "top1_supplier_share": .higherIsRiskier, "supplier_hhi": .higherIsRiskier,
            "customer_churn_6m": .higherIsRiskier,
            // Graph: central, linked and paid by core enterprises is safer; the farther down the
            // chain, the thinner the support; cycles, round trips and distressed neighbours are risk.
            "pagerank_relative": .higherIsSafer, "pagerank_percentile": .higherIsSafer,
            "in_degree": .higherIsSafer, "out_degree": .higherIsSafer,
            "chain_tier": .higherIsRiskier, "core_inflow_share": .higherIsSafer,
            "community_health": .higherIsSafer,
            "cycle_participation": .higherIsRiskier, "round_trip_ratio": .higherIsRiskier,
            "contagion_exposure": .higherIsRiskier, "debtrank_stress": .higherIsRiskier,
            "neighbour_risk": .higherIsRiskier,
            // The firm: older firms and core enterprises default less.
            "firm_age_years": .higherIsSafer, "is_core": .higherIsSafer,
        ]
        // No direction: outflow (size, not health), growth rates (a doubling is as often a one-off
        // or inflated flows as good news), outside-world share, new-customer share, reciprocity
        // (trade or round-tripping), community size.
        for name in PeerFeatures.compared {
            guard let direction = d[name] else { continue }
            d[name + "_pct_industry"] = direction
            d[name + "_pct_district"] = direction
        }
        return d
    }()
}
