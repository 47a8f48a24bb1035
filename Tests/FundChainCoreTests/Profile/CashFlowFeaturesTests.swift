import Testing

@testable import FundChainCore

@Suite struct CashFlowFeaturesTests {
    static let january2025 = CalendarDate(year: 2025, month: 1, day: 1)!.monthIndex

    static func bit(_ day: Int) -> Int32 { Int32(bitPattern: UInt32(1) << UInt32(day - 1)) }

    /// Inflow ¥100 a month, then ¥200 for the last three; outflow ¥50, ¥300 in December; inflow
    /// on the 1st of each month but December (the 15th), all of it from the outside world.
    static var series: FirmMonthSeries {
        let months = (0..<12).map { i in
            FirmMonthSeries.Month(
                inflow: i >= 9 ? 20_000 : 10_000, outflow: i == 11 ? 30_000 : 5_000,
                inflowOutside: i >= 9 ? 20_000 : 10_000, creditCount: 1, debitCount: 1,
                inflowDays: i == 11 ? bit(15) : bit(1))
        }
        return FirmMonthSeries(firstMonth: january2025, months: months)
    }

    @Test func valuesComputedByHand() throws {
        let f = CashFlowFeatures.compute(Self.series)
        func v(_ name: String) -> Double? { f[name] ?? nil }
        #expect(v("inflow_3m_yuan") == 600 && v("inflow_6m_yuan") == 900 && v("inflow_12m_yuan") == 1500)
        #expect(v("outflow_3m_yuan") == 400 && v("outflow_12m_yuan") == 850 && v("net_flow_3m_yuan") == 200)
        #expect(v("inflow_monthly_mean_12m_yuan") == 125)
        #expect(v("inflow_growth_3m") == 1.0)  // 600 / 300 − 1
        #expect(f["inflow_growth_yoy"] == .some(nil))  // 12 months only
        // sd = √((9·25² + 3·75²)/12) = √1875; cv = √1875 / 125.
        #expect(abs(v("inflow_cv_12m")! - 1875.0.squareRoot() / 125) < 1e-12)
        #expect(abs(v("net_flow_ratio_12m")! - 650.0 / 1500) < 1e-12)
        #expect(v("months_active_12m") == 12 && v("months_net_outflow_12m") == 1)
        // Nov 2 … Dec 14 = 29 + 14 days; Dec 16 … Dec 31 = 16 days.
        #expect(v("longest_inflow_gap_days") == 43 && v("days_since_last_inflow") == 16)
        #expect(abs(v("outside_world_share")! - 1500.0 / 2350) < 1e-12)
        #expect(Set(f.keys) == Set(CashFlowFeatures.definitions.map(\.name)))
    }

    @Test func noInflowAtAll() {
        let f = CashFlowFeatures.compute(
            FirmMonthSeries(firstMonth: Self.january2025, months: Array(repeating: .init(), count: 12)))
        #expect(
            f["inflow_cv_12m"] == .some(nil) && f["inflow_growth_3m"] == .some(nil)
                && f["net_flow_ratio_12m"] == .some(nil))
        #expect(f["days_since_last_inflow"] == 366 && f["longest_inflow_gap_days"] == 365)
        #expect(f["months_active_12m"] == 0)
    }

    @Test func yearOnYearNeedsFifteenMonths() {
        var months = Array(repeating: FirmMonthSeries.Month(inflow: 10_000), count: 15)
        for i in 12..<15 { months[i].inflow = 15_000 }
        let f = CashFlowFeatures.compute(FirmMonthSeries(firstMonth: Self.january2025 - 3, months: months))
        #expect(f["inflow_growth_yoy"] == 0.5)
    }

    /// An exact linear level with a Spring Festival dip: the regression recovers the slope.
    @Test func seasonallyAdjustedTrendRecoversAnExactFit() throws {
        let values = (0..<12).map { t in 100 + 10 * Double(t) - (t < 2 ? 50 : 0) }
        let trend = try #require(CashFlowFeatures.seasonallyAdjustedTrend(values, firstMonth: Self.january2025))
        #expect(abs(trend - 10 / (1760.0 / 12)) < 1e-9)
        // Without January or February in the window, a plain line: slope 10, mean 115.
        let march = CalendarDate(year: 2025, month: 3, day: 1)!.monthIndex
        let plain = try #require(CashFlowFeatures.seasonallyAdjustedTrend([100, 110, 120, 130], firstMonth: march))
        #expect(abs(plain - 10.0 / 115) < 1e-12)
    }
}
