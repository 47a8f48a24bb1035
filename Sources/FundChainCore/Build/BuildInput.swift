/// Everything one build reads, for one window: the covered firms, their monthly totals
/// (`firm_month`) and the flows between them (`flow_edges` with both ends covered). Flows with the
/// outside world need no rows of their own: `firm_month` holds their monthly totals exactly.
public struct BuildInput: Sendable {
    /// One firm's totals in one month of the window.
    public struct MonthRow: Sendable, Hashable {
        /// Index into `firms`.
        public var firm: Int32
        /// 0 = the window's first month.
        public var month: Int16
        public var totals: FlowAggregate.FirmMonthTotals

        public init(firm: Int32, month: Int16, totals: FlowAggregate.FirmMonthTotals) {
            self.firm = firm
            self.month = month
            self.totals = totals
        }
    }

    /// One month's flow from one covered firm to another (a self-loop when both are the same firm:
    /// transfers between its own accounts).
    public struct Flow: Sendable, Hashable {
        public var payer: Int32
        public var payee: Int32
        public var month: Int16
        /// Fen.
        public var amount: Int64
        public var count: Int32

        public init(payer: Int32, payee: Int32, month: Int16, amount: Int64, count: Int32) {
            self.payer = payer
            self.payee = payee
            self.month = month
            self.amount = amount
            self.count = count
        }
    }

    public var window: BuildWindow
    /// Sorted by USCC; every other array refers to firms by their index here.
    public var firms: [Firm]
    public var months: [MonthRow]
    public var flows: [Flow]
    /// Each firm's PD in the previous build (for neighbour risk), `nil` when it had none.
    public var previousPD: [Double?]

    public init(window: BuildWindow, firms: [Firm], months: [MonthRow], flows: [Flow], previousPD: [Double?]? = nil) {
        precondition(
            zip(firms, firms.dropFirst()).allSatisfy { $0.uscc.code < $1.uscc.code }, "firms sorted by USCC, unique")
        self.window = window
        self.firms = firms
        self.months = months
        self.flows = flows
        self.previousPD = previousPD ?? Array(repeating: nil, count: firms.count)
    }
}

/// The months a build covers: `months` whole calendar months ending with the month of `asOf`
/// when `asOf` is that month's last day, else with the month before (a month counts only once
/// it is complete).
public struct BuildWindow: Sendable, Hashable, CustomStringConvertible {
    public var asOf: CalendarDate
    public var months: Int
    /// `CalendarDate.monthIndex` of the first month.
    public var firstMonth: Int

    public init(asOf: CalendarDate, months: Int) {
        precondition(months >= 1 && months <= 120, "a window of 1–120 months")
        self.asOf = asOf
        self.months = months
        let lastDay = CalendarDate.daysIn(year: asOf.year, month: asOf.month)
        let lastMonth = asOf.monthIndex - (asOf.day == lastDay ? 0 : 1)
        firstMonth = lastMonth - months + 1
    }

    /// The window ending with the month `monthIndex` (as-of its last day).
    public init(endingWith monthIndex: Int, months: Int) {
        self.init(asOf: CalendarDate(monthIndex: monthIndex + 1).adding(days: -1), months: months)
    }

    public var lastMonth: Int { firstMonth + months - 1 }
    public var monthRange: ClosedRange<Int> { firstMonth...lastMonth }
    /// The window's last day (the as-of date a profile describes).
    public var lastDay: CalendarDate { CalendarDate(monthIndex: lastMonth + 1).adding(days: -1) }

    public var description: String {
        func month(_ index: Int) -> String { String(CalendarDate(monthIndex: index).description.prefix(7)) }
        return "\(month(firstMonth))…\(month(lastMonth)) (\(months) months)"
    }
}
