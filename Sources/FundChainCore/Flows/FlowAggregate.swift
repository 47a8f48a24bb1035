/// Monthly flow totals from statement entries: the increments ingest adds to `flow_edges` and
/// `firm_month`.
///
/// The rules (DESIGN.md): a transfer between two covered accounts appears twice (debit at the
/// payer, credit at the payee) and makes one edge, from the debit; a credit from an uncovered
/// counterparty is an edge from the outside world; a debit to one is an edge to it. Firm-month
/// totals come from each firm's own statements; transfers between a firm's own accounts are
/// neither inflow nor outflow (they stay in the graph as a self-loop).
public struct FlowAggregate: Sendable {
    /// The pseudo-firm standing for every uncovered counterparty.
    public static let outside = "outside"

    public struct EdgeKey: Sendable, Hashable {
        /// Months since January 1970 (`CalendarDate.monthIndex`).
        public var month: Int
        public var payer: String
        public var payee: String
    }

    public struct EdgeTotals: Sendable, Hashable {
        public var amount: Int64 = 0
        public var count: Int32 = 0
    }

    public struct FirmMonthKey: Sendable, Hashable {
        public var month: Int
        public var firm: String
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

        public init(
            inflow: Int64 = 0, outflow: Int64 = 0, inflowOutside: Int64 = 0, outflowOutside: Int64 = 0,
            creditCount: Int32 = 0, debitCount: Int32 = 0, inflowDays: Int32 = 0, outflowDays: Int32 = 0
        ) {
            self.inflow = inflow
            self.outflow = outflow
            self.inflowOutside = inflowOutside
            self.outflowOutside = outflowOutside
            self.creditCount = creditCount
            self.debitCount = debitCount
            self.inflowDays = inflowDays
            self.outflowDays = outflowDays
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

        public var description: String {
            "the \(total) of \(firm) in \(CalendarDate(monthIndex: month).description.prefix(7)) would exceed "
                + "\(Int64.max) fen (Int64): the entries of one firm-month cannot be summed"
        }
    }

    public private(set) var edges: [EdgeKey: EdgeTotals] = [:]
    public private(set) var firmMonths: [FirmMonthKey: FirmMonthTotals] = [:]

    public init() {}

    /// Adds one entry of `firm`'s own account; `counterpartyFirm` is the covered owner of the
    /// counterparty account, `nil` for the outside world. Sums are overflow-checked: when one
    /// would leave `Int64`, nothing of the entry is added and `OverflowError` says which total.
    ///
    /// - Complexity: O(1) expected.
    public mutating func add(_ entry: StatementEntry, firm: USCC, counterpartyFirm: USCC?) throws(OverflowError) {
        let month = entry.bookedOn.monthIndex
        let amount = entry.amount.fen
        let me = firm.code
        let internalTransfer = counterpartyFirm == firm
        let dayBit = Int32(bitPattern: UInt32(1) << UInt32(entry.bookedOn.day - 1))
        func sum(_ a: Int64, _ total: String) throws(OverflowError) -> Int64 {
            let (s, o) = a.addingReportingOverflow(amount)
            if o { throw OverflowError(month: month, firm: me, total: total) }
            return s
        }
        func count(_ c: Int32, _ total: String) throws(OverflowError) -> Int32 {
            let (s, o) = c.addingReportingOverflow(1)
            if o { throw OverflowError(month: month, firm: me, total: total) }
            return s
        }
        var totals = firmMonths[FirmMonthKey(month: month, firm: me)] ?? FirmMonthTotals()
        let edgeKey: EdgeKey?
        switch entry.direction {
        case .debit:
            edgeKey = EdgeKey(month: month, payer: me, payee: counterpartyFirm?.code ?? Self.outside)
            totals.debitCount = try count(totals.debitCount, "debit count")
            if !internalTransfer {
                totals.outflow = try sum(totals.outflow, "outflow")
                totals.outflowDays |= dayBit
                if counterpartyFirm == nil {
                    totals.outflowOutside = try sum(totals.outflowOutside, "outflow to outside")
                }
            }
        case .credit:
            edgeKey = counterpartyFirm == nil ? EdgeKey(month: month, payer: Self.outside, payee: me) : nil
            totals.creditCount = try count(totals.creditCount, "credit count")
            if !internalTransfer {
                totals.inflow = try sum(totals.inflow, "inflow")
                totals.inflowDays |= dayBit
                if counterpartyFirm == nil {
                    totals.inflowOutside = try sum(totals.inflowOutside, "inflow from outside")
                }
            }
        }
        if let edgeKey {
            var edge = edges[edgeKey] ?? EdgeTotals()
            edge.amount = try sum(edge.amount, "flow edge amount")
            edge.count = try count(edge.count, "flow edge count")
            edges[edgeKey] = edge
        }
        firmMonths[FirmMonthKey(month: month, firm: me)] = totals
    }

    public var isEmpty: Bool { edges.isEmpty && firmMonths.isEmpty }
}
