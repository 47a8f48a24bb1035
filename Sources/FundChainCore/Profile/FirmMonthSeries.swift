/// One firm's monthly totals over a window of whole months, oldest first: the `firm_month` rows
/// of the window, with zeros for months without entries.
public struct FirmMonthSeries: Sendable, Hashable {
    public struct Month: Sendable, Hashable {
        /// Fen.
        public var inflow: Int64 = 0
        public var outflow: Int64 = 0
        public var inflowOutside: Int64 = 0
        public var outflowOutside: Int64 = 0
        public var creditCount: Int32 = 0
        public var debitCount: Int32 = 0
        /// Bit d-1 set when a credit was booked on day d.
        public var inflowDays: Int32 = 0

        public init(
            inflow: Int64 = 0, outflow: Int64 = 0, inflowOutside: Int64 = 0, outflowOutside: Int64 = 0,
            creditCount: Int32 = 0, debitCount: Int32 = 0, inflowDays: Int32 = 0
        ) {
            self.inflow = inflow
            self.outflow = outflow
            self.inflowOutside = inflowOutside
            self.outflowOutside = outflowOutside
            self.creditCount = creditCount
            self.debitCount = debitCount
            self.inflowDays = inflowDays
        }

        public var isActive: Bool { creditCount > 0 || debitCount > 0 }
    }

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
