import FundChainCore

/// `fundchain report chain`: the capital-chain map of the industrial system (资金链图谱): the
/// industry-to-industry flow matrix by GB/T 4754 division, each core enterprise's tiered
/// suppliers and customers with the flows between them, and for one industry its upstream and
/// downstream.
public enum ChainReport {
    /// A link is significant, as in `chain_tier`, when it is at least this share of the dependent
    /// side's flow: a supplier's inflow, a customer's outflow.
    public static let linkShare = GraphFeatures.chainLinkShare

    /// - Parameters:
    ///   - depth: supplier and customer tiers to trace from each core (1–4).
    ///   - top: links listed per core, and industry pairs drawn in the flow diagram.
    /// - Complexity: O(E) for the matrix plus O(depth × E_c) per core for the edges E_c it reaches.
    public static func build(
        _ batch: ReportBatch, flows: ReportFlows, filter: ReportFilter = .init(), depth: Int = 2, top: Int = 10
    ) throws(GraphError) -> Report {
        let division = batch.firms.map { $0.industry.division ?? $0.industry }
        let inScope = batch.firms.map(filter.matches)
        func label(_ code: IndustryCode) -> String { "\(code.code) \(code.name)" }

        // The matrix: every flow with at least one end in scope.
        struct Cell {
            var amount: Int64 = 0
            var count: Int64 = 0
            var pairs = 0
        }
        // Summed by division number first (no string hashing per edge), then keyed by code.
        let divisions = Array(Set(division)).sorted()
        let number = Dictionary(uniqueKeysWithValues: divisions.enumerated().map { ($1, $0) })
        let firmDivision = division.map { number[$0]! }
        var cells: [Int: Cell] = [:]
        var total: Int64 = 0
        for edge in flows.edges where edge.payer != edge.payee && (inScope[Int(edge.payer)] || inScope[Int(edge.payee)])
        {
            let key = firmDivision[Int(edge.payer)] * divisions.count + firmDivision[Int(edge.payee)]
            cells[key, default: Cell()].amount += edge.amount
            cells[key, default: Cell()].count += edge.count
            cells[key, default: Cell()].pairs += 1
            total += edge.amount
        }
        var matrix: [IndustryPair: Cell] = [:]
        for (key, cell) in cells {
            matrix[IndustryPair(payer: divisions[key / divisions.count], payee: divisions[key % divisions.count])] =
                cell
        }
        let pairs = matrix.keys.sorted { (matrix[$0]!.amount, $1) > (matrix[$1]!.amount, $0) }
        var matrixTable = ReportTable(columns: [
            .init("payer_industry", "payer industry"), .init("payer_name", "payer name"),
            .init("payee_industry", "payee industry"),
            .init("payee_name", "payee name"), .init("amount_yuan", "amount ¥"), .init("share", "share"),
            .init("transactions", "transactions"), .init("firm_pairs", "firm pairs"),
        ])
        for key in pairs {
            let cell = matrix[key]!
            matrixTable.rows.append([
                .text(key.payer.code), .text(key.payer.name), .text(key.payee.code), .text(key.payee.name),
                .money(cell.amount),
                total == 0 ? .empty : .percent(Double(cell.amount) / Double(total)), .int(cell.count), .int(cell.pairs),
            ])
        }
        let diagram = FlowDiagram(
            links: pairs.prefix(max(top, 25)).map {
                .init(source: label($0.payer), target: label($0.payee), amount: matrix[$0]!.amount)
            })
        var sections = [
            ReportSection(
                key: "matrix", title: "Industry-to-industry flows (GB/T 4754 divisions)",
                note:
                    "Flows between covered firms over the window, summed by the payer's and the payee's industry division; a firm's payments to itself are left out.",
                table: matrixTable, chart: .flows(diagram))
        ]
        if let industry = filter.industry {
            sections += upstreamDownstream(industry, pairs: pairs, matrix: matrix.mapValues(\.amount))
        }
        let graph = try flows.graph(batch)
        sections += cores(batch, graph: graph, inScope: inScope, depth: depth, top: top)
        return Report(
            kind: "chain", title: "Capital-chain map (资金链图谱)",
            facts: ReportFacts.batch(batch) + filter.facts + [
                .init("total_yuan", "Flows in scope", "¥" + Money(fen: total).grouped)
            ],
            sections: sections)
    }

    struct IndustryPair: Hashable, Comparable {
        var payer: IndustryCode
        var payee: IndustryCode
        static func < (a: Self, b: Self) -> Bool { (a.payer, a.payee) < (b.payer, b.payee) }
    }

    /// The industries `industry` pays (upstream: its suppliers) and those paying it (downstream:
    /// its customers), flows within it left out.
    static func upstreamDownstream(_ industry: IndustryCode, pairs: [IndustryPair], matrix: [IndustryPair: Int64])
        -> [ReportSection]
    {
        func within(_ code: IndustryCode) -> Bool { code.code.hasPrefix(industry.code) }
        func section(_ key: String, _ title: String, _ side: (IndustryPair) -> IndustryCode?) -> ReportSection {
            var sums: [IndustryCode: Int64] = [:]
            for pair in pairs { if let other = side(pair) { sums[other, default: 0] += matrix[pair]! } }
            let total = sums.values.reduce(0, +)
            var table = ReportTable(columns: [
                .init("industry", "industry"), .init("name", "name"), .init("amount_yuan", "amount ¥"),
                .init("share", "share"),
            ])
            for code in sums.keys.sorted(by: { (sums[$0]!, $1) > (sums[$1]!, $0) }) {
                table.rows.append([
                    .text(code.code), .text(code.name), .money(sums[code]!),
                    .percent(Double(sums[code]!) / Double(total)),
                ])
            }
            return ReportSection(key: key, title: title, table: table)
        }
        return [
            section("upstream", "Upstream of \(industry.code) \(industry.name): the industries it pays") { p in
                within(p.payer) && !within(p.payee) ? p.payee : nil
            },
            section("downstream", "Downstream of \(industry.code) \(industry.name): the industries paying it") { p in
                within(p.payee) && !within(p.payer) ? p.payer : nil
            },
        ]
    }
}
