import Testing

@testable import FundChainCore

@Suite struct CounterpartyFeaturesTests {
    typealias Flow = CounterpartyFlows.Flow

    /// Customers A (¥600 early), B (¥300 throughout), C (¥100, new in the last 3 months) and the
    /// outside world (¥1,000); one supplier S (¥400) and outside (¥100).
    static let flows = CounterpartyFlows(
        windowMonths: 12,
        inflows: [
            Flow(counterparty: "A", month: 0, amount: 30_000), Flow(counterparty: "A", month: 3, amount: 30_000),
            Flow(counterparty: "B", month: 1, amount: 10_000), Flow(counterparty: "B", month: 7, amount: 10_000),
            Flow(counterparty: "B", month: 10, amount: 10_000), Flow(counterparty: "C", month: 11, amount: 10_000),
            Flow(counterparty: FlowAggregate.outside, month: 5, amount: 100_000),
        ],
        outflows: [
            Flow(counterparty: "S", month: 2, amount: 40_000),
            Flow(counterparty: FlowAggregate.outside, month: 2, amount: 10_000),
        ])

    @Test func valuesComputedByHand() {
        let r = CounterpartyFeatures.compute(Self.flows)
        func v(_ name: String) -> Double? { r.features[name] ?? nil }
        #expect(v("distinct_customers_12m") == 3 && v("distinct_suppliers_12m") == 1)
        // Total inflow ¥2,000: A 0.3, B 0.15, C 0.05.
        #expect(v("top1_customer_share") == 0.3)
        #expect(abs(v("top5_customer_share")! - 0.5) < 1e-12)
        #expect(abs(v("customer_hhi")! - (0.09 + 0.0225 + 0.0025)) < 1e-12)
        #expect(v("top1_supplier_share") == 0.8 && abs(v("supplier_hhi")! - 0.64) < 1e-12)
        // Last 3 months (9–11): B ¥100, C ¥100 (new) → 0.5.
        #expect(v("new_customer_share_3m") == 0.5)
        // First half payers {A, B}; second half {B, C}: A churned → 0.5.
        #expect(v("customer_churn_6m") == 0.5)
        #expect(r.topCustomer == .init(key: "A", amount: 60_000, total: 200_000))
        #expect(Set(r.features.keys) == Set(CounterpartyFeatures.definitions.map(\.name)))
    }

    @Test func noCoveredCounterparties() {
        let r = CounterpartyFeatures.compute(CounterpartyFlows(windowMonths: 12, inflows: [], outflows: []))
        #expect(r.features["top1_customer_share"] == .some(nil) && r.features["customer_churn_6m"] == .some(nil))
        #expect(r.features["distinct_customers_12m"] == 0 && r.topCustomer == nil)
    }
}
