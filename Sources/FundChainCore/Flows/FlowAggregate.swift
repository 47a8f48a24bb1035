/// The monthly flow totals that statement entries add up to, in `flow_edges` (flows between
/// covered firms) and `firm_month` (each firm's totals, its flows with the outside world among
/// them): their types; `FlowAccumulator` sums entries into them by the rules.
public enum FlowAggregate {
    /// The pseudo-firm standing for every uncovered counterparty, where a graph shows the flows
    /// with the outside world as edges (`firm_month` holds them as the outside totals).
    public static let outside = "outside"

    public struct EdgeTotals: Sendable, Hashable {
        public var amount: Int64 = 0
        public var count: Int32 = 0

        public init(amount: Int64 = 0, count: Int32 = 0) {
            self.amount = amount
            self.count = count
        }
    }

    public struct FirmMonthTotals: Sendable, Hashable {
        public var inflow: Int64 = 0
        public var outflow: Int64 = 0
        public var inflowOutside: Int64 = 0
        public var outflowOutside: Int64 = 0
        public var creditCount: Int32 = 0
        public var debitCount: Int32 = 0
        /// Bit d-1 set when a credit was booked on day d of the month.
        public var inflowDays: Int32 = 0
        /// Bit d-1 set when a debit was booked on day d of the month.
        public var outflowDays: Int32 = 0
        /// Of `creditCount`, the credits from uncovered counterparties (the entries of the flow
        /// from the outside world, whose amount is `inflowOutside`).
        public var creditCountOutside: Int32 = 0
        /// Of `debitCount`, the debits to uncovered counterparties (`outflowOutside`).
        public var debitCountOutside: Int32 = 0

        public init(
            inflow: Int64 = 0, outflow: Int64 = 0, inflowOutside: Int64 = 0, outflowOutside: Int64 = 0,
            creditCount: Int32 = 0, debitCount: Int32 = 0, inflowDays: Int32 = 0, outflowDays: Int32 = 0,
            creditCountOutside: Int32 = 0, debitCountOutside: Int32 = 0
        ) {
            self.inflow = inflow
            self.outflow = outflow
            self.inflowOutside = inflowOutside
            self.outflowOutside = outflowOutside
            self.creditCount = creditCount
            self.debitCount = debitCount
            self.inflowDays = inflowDays
            self.outflowDays = outflowDays
            self.creditCountOutside = creditCountOutside
            self.debitCountOutside = debitCountOutside
        }

        /// The firm had at least one entry that month.
        public var isActive: Bool { creditCount > 0 || debitCount > 0 }
    }

    /// A total that would leave the range of `Int64` fen (or of the `Int32` entry counts): the
    /// sum is not representable, so the entry that caused it is not added.
    public struct OverflowError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Months since January 1970 (`CalendarDate.monthIndex`).
        public var month: Int
        /// The firm (USCC) whose total overflowed, or `outside`.
        public var firm: String
        /// The total concerned (`flow edge`, `inflow`, `outflow`, …).
        public var total: String

        public init(month: Int, firm: String, total: String) {
            self.month = month
            self.firm = firm
            self.total = total
        }

        public var description: String {
            "the \(total) of \(firm) in \(CalendarDate(monthIndex: month).description.prefix(7)) would exceed "
                + "\(Int64.max) fen (Int64): the entries of one firm-month cannot be summed"
        }
    }
}
