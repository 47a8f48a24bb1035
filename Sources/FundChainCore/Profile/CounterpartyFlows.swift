/// One firm's flows with each counterparty per month over a window: its rows of `flow_edges`
/// (inflows: the firm is the payee; outflows: the payer). `FlowAggregate.outside` stands for
/// every uncovered counterparty; self-loops (transfers between the firm's own accounts) are left out.
public struct CounterpartyFlows: Sendable, Hashable {
    public struct Flow: Sendable, Hashable {
        public var counterparty: String
        /// 0 = the window's first month.
        public var month: Int
        /// Fen.
        public var amount: Int64

        public init(counterparty: String, month: Int, amount: Int64) {
            self.counterparty = counterparty
            self.month = month
            self.amount = amount
        }
    }

    public var windowMonths: Int
    public var inflows: [Flow]
    public var outflows: [Flow]

    public init(windowMonths: Int, inflows: [Flow], outflows: [Flow]) {
        self.windowMonths = windowMonths
        self.inflows = inflows
        self.outflows = outflows
    }
}

/// Counterparty features (the PBOC platform's counterparty statistics): how many customers and
/// suppliers, how concentrated, how stable.
public enum CounterpartyFeatures {
    public static let definitions: [FeatureDefinition] = [
        .init(
            "distinct_customers_12m", .counterparties, unit: "firms", window: "last 12 months",
            "Covered firms that paid the firm"),
        .init(
            "distinct_suppliers_12m", .counterparties, unit: "firms", window: "last 12 months",
            "Covered firms the firm paid"),
        .init(
            "top1_customer_share", .counterparties, unit: "ratio", window: "last 12 months",
            "Largest covered payer's share of all inflow (outside world included in the total)"),
        .init(
            "top5_customer_share", .counterparties, unit: "ratio", window: "last 12 months",
            "Five largest covered payers' share of all inflow"),
        .init(
            "customer_hhi", .counterparties, unit: "0–1", window: "last 12 months",
            "Herfindahl index of covered payers' shares of all inflow (the outside world counts as dispersed)"),
        .init(
            "top1_supplier_share", .counterparties, unit: "ratio", window: "last 12 months",
            "Largest covered payee's share of all outflow"),
        .init(
            "supplier_hhi", .counterparties, unit: "0–1", window: "last 12 months",
            "Herfindahl index of covered payees' shares of all outflow"),
        .init(
            "new_customer_share_3m", .counterparties, unit: "ratio", window: "last 3 months",
            "Share of the last 3 months' covered inflow from payers not seen earlier in the window"),
        .init(
            "customer_churn_6m", .counterparties, unit: "ratio", window: "first vs last 6 months",
            "Share of the payers of the first 6 months of the window that did not pay in the last 6"),
    ]

    /// The largest covered payer and what it paid, for reason evidence.
    public struct TopCounterparty: Sendable, Hashable {
        public var key: String
        public var amount: Int64
        public var total: Int64
    }

    public struct Result: Sendable {
        public var features: [String: Double?]
        /// The largest covered payers, largest first (at most 3).
        public var topCustomers: [TopCounterparty]
        /// The largest covered payees, largest first (at most 3).
        public var topSuppliers: [TopCounterparty]
        public var topCustomer: TopCounterparty? { topCustomers.first }
        public var topSupplier: TopCounterparty? { topSuppliers.first }
    }

    /// Totals are summed with overflow checks: a firm whose flows in the window add up past
    /// `Int64` fen (only possible from corrupted aggregates) gets `nil` for the features built
    /// on that total, and no top counterparties, instead of a crash.
    ///
    /// - Complexity: O(f log f) in the firm's flows.
    public static func compute(_ flows: CounterpartyFlows) -> Result {
        let start = max(0, flows.windowMonths - 12)
        let inflows = flows.inflows.filter { $0.month >= start }
        let outflows = flows.outflows.filter { $0.month >= start }
        var f: [String: Double?] = [:]
        let customers = concentration(inflows)
        let suppliers = concentration(outflows)
        f["distinct_customers_12m"] = Double(
            Set(inflows.lazy.map(\.counterparty)).subtracting([FlowAggregate.outside]).count)
        f["distinct_suppliers_12m"] = Double(
            Set(outflows.lazy.map(\.counterparty)).subtracting([FlowAggregate.outside]).count)
        f["top1_customer_share"] = customers?.share(top: 1)
        f["top5_customer_share"] = customers?.share(top: 5)
        f["customer_hhi"] = customers?.hhi
        f["top1_supplier_share"] = suppliers?.share(top: 1)
        f["supplier_hhi"] = suppliers?.hhi

        let recentStart = flows.windowMonths - 3
        var seenBefore = Set<String>()
        for flow in inflows where flow.month < recentStart && flow.counterparty != FlowAggregate.outside {
            seenBefore.insert(flow.counterparty)
        }
        var recentTotal: Int64? = 0
        var recentNew: Int64? = 0
        for flow in inflows where flow.month >= recentStart && flow.counterparty != FlowAggregate.outside {
            recentTotal = recentTotal.flatMap { checkedSum($0, flow.amount) }
            if !seenBefore.contains(flow.counterparty) { recentNew = recentNew.flatMap { checkedSum($0, flow.amount) } }
        }
        if let recentTotal, let recentNew {
            f["new_customer_share_3m"] = recentTotal > 0 ? Double(recentNew) / Double(recentTotal) : nil
        } else {
            f["new_customer_share_3m"] = .some(nil)
        }
        let half = flows.windowMonths - 6
        let early = Set(
            inflows.filter { $0.month < half && $0.counterparty != FlowAggregate.outside }.map(\.counterparty))
        let late = Set(
            inflows.filter { $0.month >= half && $0.counterparty != FlowAggregate.outside }.map(\.counterparty))
        f["customer_churn_6m"] = early.isEmpty ? nil : Double(early.subtracting(late).count) / Double(early.count)
        return Result(features: f, topCustomers: customers?.top(3) ?? [], topSuppliers: suppliers?.top(3) ?? [])
    }

    /// `a + b`, or `nil` when it leaves `Int64`.
    static func checkedSum(_ a: Int64, _ b: Int64) -> Int64? {
        let (s, o) = a.addingReportingOverflow(b)
        return o ? nil : s
    }

    struct Concentration {
        /// Covered counterparties by amount, largest first (ties by key).
        var ranked: [(key: String, amount: Int64)]
        /// Everything, the outside world included.
        var total: Int64

        func share(top k: Int) -> Double? {
            guard total > 0 else { return nil }
            // Each of the top k is part of `total`, so their sum cannot exceed it.
            return Double(ranked.prefix(k).reduce(Int64(0)) { $0 + $1.amount }) / Double(total)
        }

        var hhi: Double? {
            guard total > 0 else { return nil }
            return ranked.reduce(0) { $0 + (Double($1.amount) / Double(total)) * (Double($1.amount) / Double(total)) }
        }

        func top(_ k: Int) -> [TopCounterparty] {
            ranked.prefix(k).map { TopCounterparty(key: $0.key, amount: $0.amount, total: total) }
        }
    }

    /// `nil` when a total leaves `Int64` fen.
    static func concentration(_ flows: [CounterpartyFlows.Flow]) -> Concentration? {
        var byKey: [String: Int64] = [:]
        var total: Int64 = 0
        for flow in flows {
            guard let t = checkedSum(total, flow.amount) else { return nil }
            total = t
            if flow.counterparty != FlowAggregate.outside {
                guard let k = checkedSum(byKey[flow.counterparty, default: 0], flow.amount) else { return nil }
                byKey[flow.counterparty] = k
            }
        }
        let ranked = byKey.map { (key: $0.key, amount: $0.value) }.sorted { ($0.amount, $1.key) > ($1.amount, $0.key) }
        return Concentration(ranked: ranked, total: total)
    }
}
