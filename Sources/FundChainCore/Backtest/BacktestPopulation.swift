/// Who a backtest of a batch counts, and how (docs/backtest.md): the batch's firms that were not
/// already in default on its as-of date; a firm defaulted when its first default date
/// (`DefaultDefinition`) falls within the horizon after that date. One definition for
/// `report backtest`, `report challenger` and the evidence of `model promote`.
public struct BacktestPopulation: Sendable {
    public var asOf: CalendarDate
    public var horizonMonths: Int
    /// Every defaulted firm's first default date, by USCC (`DefaultDefinition.defaultDates`).
    public var defaults: [String: CalendarDate]

    public init(asOf: CalendarDate, horizonMonths: Int, defaults: [String: CalendarDate]) {
        self.asOf = asOf
        self.horizonMonths = horizonMonths
        self.defaults = defaults
    }

    /// Whether firm `uscc` defaulted within the horizon; `nil` when it was already in default on
    /// the as-of date (it is not part of the population).
    public func outcome(of uscc: String) -> Bool? {
        let date = defaults[uscc]
        if DefaultDefinition.isInDefault(defaultDate: date, at: asOf) { return nil }
        return DefaultDefinition.defaulted(defaultDate: date, after: asOf, withinMonths: horizonMonths)
    }

    /// Whole months of the horizon that have passed by `today` (the horizon is complete when
    /// this equals `horizonMonths`).
    public func observedMonths(today: CalendarDate) -> Int {
        DefaultDefinition.observedMonths(asOf: asOf, months: horizonMonths, today: today)
    }

    /// The observations of `firms` (USCC, grade, PD) that belong to the population, in their
    /// order, and how many were left out as already in default.
    ///
    /// - Complexity: O(n) expected.
    public func observations(_ firms: some Sequence<(uscc: String, grade: String, pd: Double)>)
        -> (observations: [Backtest.Observation], alreadyInDefault: Int)
    {
        var observations: [Backtest.Observation] = []
        var excluded = 0
        for firm in firms {
            guard let defaulted = outcome(of: firm.uscc) else {
                excluded += 1
                continue
            }
            observations.append(.init(uscc: firm.uscc, grade: firm.grade, pd: firm.pd, defaulted: defaulted))
        }
        return (observations, excluded)
    }
}
