/// Cash-flow features of one firm from its monthly totals (the PBOC fund-flow platform's
/// income/expense and cash in/out families). Amounts are in yuan; `nil` means missing (e.g. a
/// growth rate over a base of zero).
public enum CashFlowFeatures {
    public static let definitions: [FeatureDefinition] = [
        .init(
            "inflow_3m_yuan", .cashFlow, unit: "yuan", window: "last 3 months",
            "Credits to the firm's accounts, own transfers excluded"),
        .init("inflow_6m_yuan", .cashFlow, unit: "yuan", window: "last 6 months", "Credits, own transfers excluded"),
        .init("inflow_12m_yuan", .cashFlow, unit: "yuan", window: "last 12 months", "Credits, own transfers excluded"),
        .init("outflow_3m_yuan", .cashFlow, unit: "yuan", window: "last 3 months", "Debits, own transfers excluded"),
        .init("outflow_6m_yuan", .cashFlow, unit: "yuan", window: "last 6 months", "Debits, own transfers excluded"),
        .init("outflow_12m_yuan", .cashFlow, unit: "yuan", window: "last 12 months", "Debits, own transfers excluded"),
        .init("net_flow_3m_yuan", .cashFlow, unit: "yuan", window: "last 3 months", "Inflow minus outflow"),
        .init("net_flow_6m_yuan", .cashFlow, unit: "yuan", window: "last 6 months", "Inflow minus outflow"),
        .init("net_flow_12m_yuan", .cashFlow, unit: "yuan", window: "last 12 months", "Inflow minus outflow"),
        .init(
            "inflow_monthly_mean_12m_yuan", .cashFlow, unit: "yuan/month", window: "last 12 months",
            "Mean monthly inflow"),
        .init(
            "inflow_growth_3m", .cashFlow, unit: "ratio", window: "last 3 vs prior 3 months",
            "Inflow of the last 3 months over the 3 before, minus 1; missing when the base is 0"),
        .init(
            "inflow_growth_yoy", .cashFlow, unit: "ratio", window: "last 3 months vs a year earlier",
            "Year-on-year inflow growth; missing without 15 months of data or a base of 0"),
        .init(
            "inflow_cv_12m", .cashFlow, unit: "ratio", window: "last 12 months",
            "Coefficient of variation (population standard deviation over mean) of monthly inflow; missing when the mean is 0"
        ),
        .init(
            "net_flow_ratio_12m", .cashFlow, unit: "ratio", window: "last 12 months",
            "(inflow − outflow) / inflow; missing when inflow is 0"),
        .init(
            "months_active_12m", .cashFlow, unit: "months", window: "last 12 months", "Months with at least one entry"),
        .init(
            "months_net_outflow_12m", .cashFlow, unit: "months", window: "last 12 months",
            "Months whose outflow exceeded inflow"),
        .init(
            "longest_inflow_gap_days", .cashFlow, unit: "days", window: "last 12 months",
            "Longest run of days without any inflow, up to the window's last day"),
        .init(
            "days_since_last_inflow", .cashFlow, unit: "days", window: "last 12 months",
            "Days from the last inflow to the window's last day; the window length + 1 when there was none"),
        .init(
            "inflow_trend_sa_12m", .cashFlow, unit: "ratio/month", window: "last 12 months",
            "Slope of monthly inflow over time, with January–February (Spring Festival) given their own level, relative to the mean; missing when the mean is 0"
        ),
        .init(
            "outside_world_share", .cashFlow, unit: "ratio", window: "last 12 months",
            "Share of inflow plus outflow exchanged with counterparties outside the covered accounts"),
    ]

    /// - Complexity: O(m) in the months of the series (plus 31 per month for day gaps).
    public static func compute(_ series: FirmMonthSeries) -> [String: Double?] {
        let m = series.months
        let n = m.count
        func sum(_ last: Int, _ value: (FirmMonthSeries.Month) -> Int64) -> Double {
            Double(m.suffix(last).reduce(Int64(0)) { $0 + value($1) }) / 100
        }
        var f: [String: Double?] = [:]
        for window in [3, 6, 12] {
            let inflow = sum(window, \.inflow)
            let outflow = sum(window, \.outflow)
            f["inflow_\(window)m_yuan"] = inflow
            f["outflow_\(window)m_yuan"] = outflow
            f["net_flow_\(window)m_yuan"] = inflow - outflow
        }
        let last12 = Array(m.suffix(12))
        let monthly = last12.map { Double($0.inflow) / 100 }
        let mean = monthly.isEmpty ? 0 : monthly.reduce(0, +) / Double(monthly.count)
        f["inflow_monthly_mean_12m_yuan"] = mean
        let recent = sum(3, \.inflow)
        let prior = Double(m.dropLast(3).suffix(3).reduce(Int64(0)) { $0 + $1.inflow }) / 100
        f["inflow_growth_3m"] = n >= 6 && prior > 0 ? recent / prior - 1 : nil
        let yearAgo = n >= 15 ? Double(m.dropLast(12).suffix(3).reduce(Int64(0)) { $0 + $1.inflow }) / 100 : 0
        f["inflow_growth_yoy"] = n >= 15 && yearAgo > 0 ? recent / yearAgo - 1 : nil
        if mean > 0 {
            let variance = monthly.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(monthly.count)
            f["inflow_cv_12m"] = variance.squareRoot() / mean
        } else {
            f["inflow_cv_12m"] = .some(nil)
        }
        let in12 = sum(12, \.inflow)
        f["net_flow_ratio_12m"] = in12 > 0 ? (in12 - sum(12, \.outflow)) / in12 : nil
        f["months_active_12m"] = Double(last12.filter(\.isActive).count)
        f["months_net_outflow_12m"] = Double(last12.filter { $0.outflow > $0.inflow }.count)
        let (gap, since) = inflowGaps(series)
        f["longest_inflow_gap_days"] = Double(gap)
        f["days_since_last_inflow"] = Double(since)
        f["inflow_trend_sa_12m"] = seasonallyAdjustedTrend(monthly, firstMonth: series.firstMonth + max(0, n - 12))
        let total = sum(12, \.inflow) + sum(12, \.outflow)
        f["outside_world_share"] = total > 0 ? (sum(12, \.inflowOutside) + sum(12, \.outflowOutside)) / total : nil
        return f
    }

    /// The longest run of days without inflow in the last 12 months of the window (up to its last
    /// day), and the days since the last inflow (window days + 1 when there was none).
    static func inflowGaps(_ series: FirmMonthSeries) -> (longest: Int, since: Int) {
        let start = max(0, series.months.count - 12)
        var longest = 0
        var run = 0
        var daysSinceLast: Int?
        var windowDays = 0
        for (offset, month) in series.months.enumerated().dropFirst(start) {
            let first = CalendarDate(monthIndex: series.firstMonth + offset)
            let days = CalendarDate.daysIn(year: first.year, month: first.month)
            windowDays += days
            for day in 0..<days {
                if month.inflowDays & Int32(bitPattern: UInt32(1) << UInt32(day)) != 0 {
                    longest = max(longest, run)
                    run = 0
                    daysSinceLast = 0
                } else {
                    run += 1
                    daysSinceLast = daysSinceLast.map { $0 + 1 }
                }
            }
        }
        longest = max(longest, run)
        return (longest, daysSinceLast ?? windowDays + 1)
    }

    /// Least-squares slope of monthly inflow on time with a separate intercept for January and
    /// February (the Spring Festival months), divided by the mean inflow: the monthly growth of
    /// the underlying level, as a share of it.
    static func seasonallyAdjustedTrend(_ values: [Double], firstMonth: Int) -> Double? {
        let n = values.count
        guard n >= 4 else { return nil }
        let mean = values.reduce(0, +) / Double(n)
        guard mean > 0 else { return nil }
        // y = a + b·t + c·festival. Solve the 3×3 normal equations.
        var xtx = [[Double]](repeating: [0, 0, 0], count: 3)
        var xty = [0.0, 0.0, 0.0]
        var festivalMonths = 0
        for (i, y) in values.enumerated() {
            let month = CalendarDate(monthIndex: firstMonth + i).month
            let festival = month <= 2 ? 1.0 : 0.0
            festivalMonths += Int(festival)
            let x = [1.0, Double(i), festival]
            for r in 0..<3 {
                xty[r] += x[r] * y
                for c in 0..<3 { xtx[r][c] += x[r] * x[c] }
            }
        }
        // Without both festival and other months the dummy is collinear with the intercept.
        let k = festivalMonths > 0 && festivalMonths < n ? 3 : 2
        guard let beta = solve(Array(xtx.prefix(k).map { Array($0.prefix(k)) }), Array(xty.prefix(k))) else {
            return nil
        }
        return beta[1] / mean
    }

    /// Gaussian elimination with partial pivoting; `nil` when singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var a = a
        var b = b
        let n = b.count
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            guard abs(a[pivot][col]) > 1e-12 else { return nil }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let factor = a[row][col] / a[col][col]
                for c in col..<n { a[row][c] -= factor * a[col][c] }
                b[row] -= factor * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = b[row]
            for c in (row + 1)..<n { s -= a[row][c] * x[c] }
            x[row] = s / a[row][row]
        }
        return x
    }
}
