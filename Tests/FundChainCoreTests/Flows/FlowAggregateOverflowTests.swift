import Testing

@testable import FundChainCore

/// Sums of amounts near the top of `Int64` (issue 14 part 6): an error or `nil`, never a trap.
/// 4,611,686,018,427,387,904 fen (`Int64.max / 2 + 1`) twice is 2^63, one past `Int64.max`.
@Suite struct FlowAggregateOverflowTests {
    static let firm = try! USCC("91500112MA5U00001H")
    static let half = Int64.max / 2 + 1

    func entry(_ ref: String, _ direction: Direction, fen: Int64, day: Int) -> StatementEntry {
        StatementEntry(
            bankCode: "ICBC", accountNumber: "6222000000000001", txnRef: ref,
            bookedOn: CalendarDate(year: 2025, month: 1, day: day)!, direction: direction, amount: Money(fen: fen),
            currency: .cny, counterpartyAccount: nil, counterpartyName: nil, counterpartyBank: nil, purpose: nil)
    }

    @Test func twoHugeEntriesInOneFirmMonthThrowInsteadOfTrapping() throws {
        var a = FlowAccumulator<String>()
        try a.add(entry("D1", .debit, fen: Self.half, day: 5), firm: Self.firm, counterpartyFirm: nil)
        // January 2025 is month (2025 − 1970) × 12 = 660.
        let expected = FlowAggregate.OverflowError(month: 660, firm: Self.firm.code, total: "outflow")
        #expect(throws: expected) {
            try a.add(entry("D2", .debit, fen: Self.half, day: 6), firm: Self.firm, counterpartyFirm: nil)
        }
        #expect(expected.description.hasPrefix("the outflow of 91500112MA5U00001H in 2025-01 would exceed"))
        // Nothing of the second entry was added: the totals are the first entry's, and a flow with
        // the outside world is no edge.
        let totals = try #require(a.firmMonths[.init(month: 660, firm: Self.firm.code)])
        #expect(totals.outflow == Self.half && totals.outflowOutside == Self.half && totals.debitCount == 1)
        #expect(totals.debitCountOutside == 1 && totals.creditCountOutside == 0)
        #expect(totals.outflowDays == 1 << 4)
        #expect(a.edges.isEmpty)
        // A credit in the same month still adds: inflow is a separate total.
        try a.add(entry("C1", .credit, fen: Self.half, day: 7), firm: Self.firm, counterpartyFirm: nil)
        #expect(a.firmMonths[.init(month: 660, firm: Self.firm.code)]?.inflow == Self.half)
    }

    /// Transfers between a firm's own accounts add to the self-loop edge but not to outflow, so
    /// the edge can overflow while the firm-month totals do not: the firm-month's counts must not
    /// keep the half-added entry either.
    @Test func anEdgeOverflowLeavesTheFirmMonthAsItWas() throws {
        var a = FlowAccumulator<String>()
        try a.add(entry("T1", .debit, fen: Self.half, day: 5), firm: Self.firm, counterpartyFirm: Self.firm)
        let expected = FlowAggregate.OverflowError(month: 660, firm: Self.firm.code, total: "flow edge amount")
        #expect(throws: expected) {
            try a.add(entry("T2", .debit, fen: Self.half, day: 6), firm: Self.firm, counterpartyFirm: Self.firm)
        }
        let totals = try #require(a.firmMonths[.init(month: 660, firm: Self.firm.code)])
        #expect(totals.debitCount == 1 && totals.outflow == 0)
        let loop = FlowAccumulator<String>.EdgeKey(month: 660, payer: Self.firm.code, payee: Self.firm.code)
        #expect(a.edges[loop] == .init(amount: Self.half, count: 1))
    }

    @Test func counterpartyFeaturesOfOverflowingFlowsAreUnknownNotACrash() {
        typealias Flow = CounterpartyFlows.Flow
        let flows = CounterpartyFlows(
            windowMonths: 12,
            inflows: [
                Flow(counterparty: "A", month: 10, amount: Self.half),
                Flow(counterparty: "B", month: 11, amount: Self.half),
            ],
            outflows: [Flow(counterparty: "S", month: 1, amount: 100)])
        let r = CounterpartyFeatures.compute(flows)
        #expect(r.features["distinct_customers_12m"] == 2)
        #expect(r.features["top1_customer_share"] == .some(nil) && r.features["customer_hhi"] == .some(nil))
        #expect(r.features["new_customer_share_3m"] == .some(nil) && r.topCustomers.isEmpty)
        // The suppliers' side is unaffected: S is all of the outflow.
        #expect(r.features["top1_supplier_share"] == 1.0 && r.topSupplier?.amount == 100)
    }
}
