/// One aggregated flow between two firms in one month, as the database's `flow_edges` table holds
/// it (`month, payer_firm, payee_firm, amount, txn_count`).
///
/// `month` is `CalendarDate.monthIndex` (months since January 1970) of the flow's month. Either
/// key may be `CapitalFlowGraph.outsideWorldKey`.
public struct FlowEdge: Sendable, Hashable {
    public var sourceKey: String
    public var targetKey: String
    public var amountFen: Int64
    public var txnCount: Int32
    public var month: Int

    public init(sourceKey: String, targetKey: String, amountFen: Int64, txnCount: Int32, month: Int) {
        self.sourceKey = sourceKey
        self.targetKey = targetKey
        self.amountFen = amountFen
        self.txnCount = txnCount
        self.month = month
    }
}

extension CapitalFlowGraph {
    /// The key of the pseudo-node standing for accounts outside the covered banks.
    public static let outsideWorldKey = FlowAggregate.outside

    /// The graph of the flows whose month lies in `months` (all flows when `nil`), amounts in fen.
    /// Raw transactions are never needed: the monthly aggregates sum exactly.
    ///
    /// - Complexity: O(F) for F flows read, plus `CapitalFlowGraphBuilder.build()`.
    public init(flows: some Sequence<FlowEdge>, months: ClosedRange<Int>? = nil) throws(GraphError) {
        var builder = CapitalFlowGraphBuilder(amountScale: 2)
        for flow in flows {
            if let months, !months.contains(flow.month) { continue }
            try builder.addEdge(
                from: flow.sourceKey, to: flow.targetKey, amount: flow.amountFen, transactions: flow.txnCount)
        }
        self = try builder.build()
    }

    /// One graph per window, built concurrently (each window is independent).
    ///
    /// - Complexity: O(W × F) work over `min(W, parallelism)` threads.
    public static func windows(
        flows: [FlowEdge], months: [ClosedRange<Int>], parallelism: Int = 1
    ) async throws -> [CapitalFlowGraph] {
        try await withThrowingTaskGroup(of: (Int, CapitalFlowGraph).self) { group in
            var results = [CapitalFlowGraph?](repeating: nil, count: months.count)
            var next = 0
            func submit() {
                let index = next
                let window = months[index]
                group.addTask { (index, try CapitalFlowGraph(flows: flows, months: window)) }
                next += 1
            }
            while next < min(months.count, max(1, parallelism)) { submit() }
            while let (index, graph) = try await group.next() {
                results[index] = graph
                if next < months.count { submit() }
            }
            return results.map { $0! }
        }
    }
}
