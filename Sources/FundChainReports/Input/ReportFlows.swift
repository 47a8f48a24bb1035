import FundChainCore

/// The flows between covered firms over a build's window, summed per (payer, payee); firms are
/// indices into the batch's `firms`. Flows with the outside world are not here (`ReportFirm`
/// has each firm's totals).
public struct ReportFlows: Sendable {
    public struct Edge: Sendable, Hashable {
        public var payer: Int32
        public var payee: Int32
        /// Fen.
        public var amount: Int64
        public var count: Int64

        public init(payer: Int32, payee: Int32, amount: Int64, count: Int64 = 1) {
            self.payer = payer
            self.payee = payee
            self.amount = amount
            self.count = count
        }
    }

    public var edges: [Edge]

    public init(edges: [Edge]) { self.edges = edges }

    /// The capital-flow graph over the batch's firms: node i is firm i (firms are sorted by USCC,
    /// the graph's natural key order).
    ///
    /// - Complexity: O(E log E + n log n).
    public func graph(_ batch: ReportBatch) throws(GraphError) -> CapitalFlowGraph {
        var builder = CapitalFlowGraphBuilder(amountScale: 2, expectedEdges: edges.count)
        for firm in batch.firms { _ = builder.node(firm.uscc) }
        for edge in edges {
            try builder.addEdge(
                from: edge.payer, to: edge.payee, amount: edge.amount, transactions: Int32(clamping: edge.count))
        }
        let graph = try builder.build()
        precondition(
            graph.nodeCount == batch.firms.count
                && batch.firms.indices.allSatisfy { graph.key(Int32($0)) == batch.firms[$0].uscc })
        return graph
    }
}
