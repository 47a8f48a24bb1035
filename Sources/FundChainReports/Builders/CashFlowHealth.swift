/// "Healthy cash flows", the first half of the financing gap (docs/reports.md): over the build's
/// 12-month window the firm
/// 1. had statement entries in at least 10 of the 12 months (`months_active_12m ≥ 10`),
/// 2. took in at least as much as it paid out (`net_flow_ratio_12m ≥ 0`),
/// 3. received money within the last 30 days (`days_since_last_inflow ≤ 30`), and
/// 4. its inflow did not fall by more than 30 % against the quarter before
///    (`inflow_growth_3m ≥ −0.3`; missing, i.e. no inflow in the quarter before, passes).
/// A missing value in 1–3 fails.
public enum CashFlowHealth {
    public static let minActiveMonths = 10.0
    public static let maxDaysSinceInflow = 30.0
    public static let minInflowGrowth = -0.3

    public static func isHealthy(_ batch: ReportBatch, firm: Int) -> Bool {
        guard let active = batch.feature("months_active_12m", of: firm), active >= minActiveMonths,
            let net = batch.feature("net_flow_ratio_12m", of: firm), net >= 0,
            let days = batch.feature("days_since_last_inflow", of: firm), days <= maxDaysSinceInflow
        else { return false }
        return (batch.feature("inflow_growth_3m", of: firm) ?? 0) >= minInflowGrowth
    }

    /// In the financing gap: healthy cash flows and no eligible product; `nil` when the build had
    /// no product matches for the firm (no catalog), so the gap cannot be told.
    public static func isGap(_ batch: ReportBatch, firm: Int) -> Bool? {
        guard let products = batch.firms[firm].products else { return nil }
        return products.eligible.isEmpty && isHealthy(batch, firm: firm)
    }

    /// The sentence the reports print under their gap figures.
    public static let definition =
        "Healthy cash flows: entries in ≥ 10 of 12 months, inflow ≥ outflow over 12 months, last inflow ≤ 30 days before the as-of date, and last quarter's inflow not down more than 30 % on the quarter before. Financing gap: healthy cash flows and no eligible product."
}
