/// Sums statement entries into monthly flow totals: the increments ingest adds to `flow_edges`
/// and `firm_month`. Generic over how a firm is named, so ingest can key the sums by small
/// integers instead of 18-character codes (hashing those was a tenth of its CPU); inlinable, so
/// that ingest's use is specialised (unspecialised, looking up the generic metadata of the keys
/// cost more than the hashing saved).
///
/// The rules (DESIGN.md): a transfer between two covered accounts appears twice (debit at the
/// payer, credit at the payee) and makes one edge, from the debit. Firm-month totals come from
/// each firm's own statements; transfers between a firm's own accounts are neither inflow nor
/// outflow (they stay in the graph as a self-loop). Flows with the outside world (an uncovered
/// counterparty) are the firm-month's outside totals and counts, not edges: they would be as many
/// rows again, each repeating those totals (`FlowEdgeStore` shows them as edges of the outside
/// world where a graph wants them).
public struct FlowAccumulator<Firm: Hashable & Sendable>: Sendable {
    @frozen public struct EdgeKey: Sendable, Hashable {
        /// Months since January 1970 (`CalendarDate.monthIndex`).
        public var month: Int
        public var payer: Firm
        public var payee: Firm

        @inlinable public init(month: Int, payer: Firm, payee: Firm) {
            self.month = month
            self.payer = payer
            self.payee = payee
        }
    }

    @frozen public struct FirmMonthKey: Sendable, Hashable {
        public var month: Int
        public var firm: Firm

        @inlinable public init(month: Int, firm: Firm) {
            self.month = month
            self.firm = firm
        }
    }

    @usableFromInline var edgeTotals: [EdgeKey: FlowAggregate.EdgeTotals] = [:]
    @usableFromInline var firmMonthTotals: [FirmMonthKey: FlowAggregate.FirmMonthTotals] = [:]

    public var edges: [EdgeKey: FlowAggregate.EdgeTotals] { edgeTotals }
    public var firmMonths: [FirmMonthKey: FlowAggregate.FirmMonthTotals] { firmMonthTotals }

    public init() {}

    public var isEmpty: Bool { edges.isEmpty && firmMonths.isEmpty }

    /// Adds one entry of `firm`'s own account, booked on `day` (1–31) of `month`, of `amount` fen
    /// (positive); `counterparty` is the covered owner of the counterparty account, `nil` for the
    /// outside world. Sums are overflow-checked: when one would leave `Int64` (or a count
    /// `Int32`), nothing of the entry is added and the error says which total (its `firm` is
    /// `String(describing:)` of the firm concerned). An entry with the outside world hashes one
    /// key (its firm-month); one between covered accounts two when it is a debit.
    ///
    /// - Complexity: O(1) expected.
    @inlinable public mutating func add(
        month: Int, day: Int, direction: Direction, amount: Int64, firm: Firm, counterparty: Firm?
    ) throws(FlowAggregate.OverflowError) {
        let internalTransfer = counterparty == firm
        let dayBit = Int32(bitPattern: UInt32(1) << UInt32(day - 1))
        func overflow(_ total: String) -> FlowAggregate.OverflowError {
            FlowAggregate.OverflowError(month: month, firm: String(describing: firm), total: total)
        }
        func sum(_ a: Int64, _ total: String) throws(FlowAggregate.OverflowError) -> Int64 {
            let (s, o) = a.addingReportingOverflow(amount)
            if o { throw overflow(total) }
            return s
        }
        func count(_ c: Int32, _ total: String) throws(FlowAggregate.OverflowError) -> Int32 {
            let (s, o) = c.addingReportingOverflow(1)
            if o { throw overflow(total) }
            return s
        }
        // Each total is looked up once (by index, so writing it back hashes nothing) and written
        // only after every sum of the entry succeeded: a throw leaves the totals as they were.
        let monthKey = FirmMonthKey(month: month, firm: firm)
        let monthAt = firmMonthTotals.index(forKey: monthKey)
        var totals = monthAt.map { firmMonthTotals.values[$0] } ?? FlowAggregate.FirmMonthTotals()
        var edgeKey: EdgeKey?
        switch direction {
        case .debit:
            totals.debitCount = try count(totals.debitCount, "debit count")
            if !internalTransfer {
                totals.outflow = try sum(totals.outflow, "outflow")
                totals.outflowDays |= dayBit
            }
            if let counterparty {
                edgeKey = EdgeKey(month: month, payer: firm, payee: counterparty)
            } else {
                totals.outflowOutside = try sum(totals.outflowOutside, "outflow to outside")
                totals.debitCountOutside = try count(totals.debitCountOutside, "debit count to outside")
            }
        case .credit:
            totals.creditCount = try count(totals.creditCount, "credit count")
            if !internalTransfer {
                totals.inflow = try sum(totals.inflow, "inflow")
                totals.inflowDays |= dayBit
            }
            if counterparty == nil {
                totals.inflowOutside = try sum(totals.inflowOutside, "inflow from outside")
                totals.creditCountOutside = try count(totals.creditCountOutside, "credit count from outside")
            }
        }
        if let edgeKey {
            let edgeAt = edgeTotals.index(forKey: edgeKey)
            var edge = edgeAt.map { edgeTotals.values[$0] } ?? FlowAggregate.EdgeTotals()
            edge.amount = try sum(edge.amount, "flow edge amount")
            edge.count = try count(edge.count, "flow edge count")
            if let edgeAt { edgeTotals.values[edgeAt] = edge } else { edgeTotals[edgeKey] = edge }
        }
        if let monthAt { firmMonthTotals.values[monthAt] = totals } else { firmMonthTotals[monthKey] = totals }
    }
}

extension FlowAccumulator where Firm == String {
    /// Adds one entry of `firm`'s own account (see `add(month:day:direction:amount:firm:counterparty:)`).
    public mutating func add(_ entry: StatementEntry, firm: USCC, counterpartyFirm: USCC?)
        throws(FlowAggregate.OverflowError)
    {
        try add(
            month: entry.bookedOn.monthIndex, day: entry.bookedOn.day, direction: entry.direction,
            amount: entry.amount.fen, firm: firm.code, counterparty: counterpartyFirm?.code)
    }
}
