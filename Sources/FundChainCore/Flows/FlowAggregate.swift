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

    public private(set) var edges: [EdgeKey: EdgeTotals] = [:]
    public private(set) var firmMonths: [FirmMonthKey: FirmMonthTotals] = [:]

    public init() {}

    /// Adds one entry of `firm`'s own account; `counterpartyFirm` is the covered owner of the
    /// counterparty account, `nil` for the outside world.
    ///
    /// - Complexity: O(1) expected.
    public mutating func add(_ entry: StatementEntry, firm: USCC, counterpartyFirm: USCC?) {
        let month = entry.bookedOn.monthIndex
        let amount = entry.amount.fen
        let me = firm.code
        let internalTransfer = counterpartyFirm == firm
        let dayBit = Int32(bitPattern: UInt32(1) << UInt32(entry.bookedOn.day - 1))
        var totals = firmMonths[FirmMonthKey(month: month, firm: me)] ?? FirmMonthTotals()
        switch entry.direction {
        case .debit:
            let payee = counterpartyFirm?.code ?? Self.outside
            edges[EdgeKey(month: month, payer: me, payee: payee), default: EdgeTotals()].add(amount)
            totals.debitCount += 1
            if !internalTransfer {
                totals.outflow += amount
                totals.outflowDays |= dayBit
                if counterpartyFirm == nil { totals.outflowOutside += amount }
            }
        case .credit:
            if counterpartyFirm == nil {
                edges[EdgeKey(month: month, payer: Self.outside, payee: me), default: EdgeTotals()].add(amount)
            }
            totals.creditCount += 1
            if !internalTransfer {
                totals.inflow += amount
                totals.inflowDays |= dayBit
                if counterpartyFirm == nil { totals.inflowOutside += amount }
            }
        }
        firmMonths[FirmMonthKey(month: month, firm: me)] = totals
    }

    public var isEmpty: Bool { edges.isEmpty && firmMonths.isEmpty }
}

extension FlowAggregate.EdgeTotals {
    mutating func add(_ amount: Int64) {
        self.amount += amount
        self.count += 1
    }
}
