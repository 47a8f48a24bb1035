/// One firm's monthly totals over a window of whole months, oldest first: the `firm_month` rows
/// of the window, with zeros for months without entries.
public struct FirmMonthSeries: Sendable, Hashable {
    /// One month's totals, as ingest maintains them in `firm_month`.
    public typealias Month = FlowAggregate.FirmMonthTotals

    /// Month index (`CalendarDate.monthIndex`) of the first month of the window.
    public var firstMonth: Int
    public var months: [Month]

    public init(firstMonth: Int, months: [Month]) {
        self.firstMonth = firstMonth
        self.months = months
    }

    /// The last day of the window.
    public var lastDay: CalendarDate {
        CalendarDate(monthIndex: firstMonth + months.count).adding(days: -1)
    }
}
