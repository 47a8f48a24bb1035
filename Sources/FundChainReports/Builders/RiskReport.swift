import FundChainCore

/// `fundchain report risk`: circular-flow groups and round-trip rings, counterparty
/// concentration outliers, the firms most exposed to contagion, and an optional stress scenario.
public enum RiskReport {
    /// Cycles are simple payment cycles of 2…`cycleLength` firms whose every flow is at least
    /// `cycleMinimum` fen over the window (as `cycle_participation`).
    public static let cycleLength = GraphFeatures.cycleMaxLength
    public static let cycleMinimum = GraphFeatures.cycleMinimumFen
    /// Round trips: money back within this many months, every hop at least `cycleMinimum`.
    public static let roundTripMonths = 2
    /// At most this many cycles are enumerated (a note says when the limit was reached).
    public static let cycleLimit = 200_000

    /// The first half of the risk report: the graph and its payment cycles. The caller reads the
    /// monthly flows among `firmsOnCycles` for round trips and passes them to `build`.
    public struct Circuits: Sendable {
        public var graph: CapitalFlowGraph
        public var cycles: [[Int32]]
        /// `true` when the search stopped at `cycleLimit` cycles.
        public var truncated: Bool

        /// - Complexity: the graph build, then output-sensitive (`CapitalFlowGraph.forEachSimpleCycle`).
        public init(_ batch: ReportBatch, flows: ReportFlows) throws(GraphError) {
            graph = try flows.graph(batch)
            (cycles, truncated) = RiskReport.cycles(graph)
        }

        /// USCCs of the firms on some cycle, sorted.
        public func firmsOnCycles(_ batch: ReportBatch) -> [String] {
            Set(cycles.joined()).map { batch.firms[Int($0)].uscc }.sorted()
        }
    }

    static func cycles(_ graph: CapitalFlowGraph) -> (cycles: [[Int32]], truncated: Bool) {
        struct Enough: Error {}
        var cycles: [[Int32]] = []
        do {
            try graph.forEachSimpleCycle(maxLength: cycleLength, minAmount: cycleMinimum) { cycle in
                guard cycle.count >= 2 else { return }
                cycles.append(cycle)
                if cycles.count >= cycleLimit { throw Enough() }
            }
        } catch {
            return (cycles, true)
        }
        return (cycles, false)
    }

    /// - Parameters:
    ///   - circuits: the graph and cycles of the batch's flows.
    ///   - monthly: the window's monthly flows among the firms on cycles (`DatedFlow.time` a month
    ///     index), for round trips.
    ///   - shock: firms (indices into `batch.firms`) to mark failed for the stress scenario.
    /// - Complexity: the cycle and round-trip searches (output-sensitive), O(n log n) for the rest.
    public static func build(
        _ batch: ReportBatch, circuits: Circuits, monthly: [DatedFlow], shock: [Int32] = [],
        filter: ReportFilter = .init(),
        top: Int = 20
    ) -> Report {
        let graph = circuits.graph
        let inScope = batch.firms.map(filter.matches)
        var sections = circularFlows(batch, circuits: circuits, monthly: monthly, inScope: inScope, top: top)
        sections.append(concentration(batch, inScope: inScope, top: top))
        sections.append(exposed(batch, inScope: inScope, top: top))
        if !shock.isEmpty { sections += stress(batch, graph: graph, shock: shock, inScope: inScope, top: top) }
        var facts = ReportFacts.batch(batch) + filter.facts
        if !shock.isEmpty {
            facts.append(
                .init("shock", "Shocked firms", shock.map { batch.firms[Int($0)].uscc }.joined(separator: ", ")))
        }
        return Report(kind: "risk", title: "Risk", facts: facts, sections: sections)
    }

    static func names(_ batch: ReportBatch, _ firms: [Int32], limit: Int = 6) -> String {
        let shown = firms.prefix(limit).map { batch.firms[Int($0)].name }
        return shown.joined(separator: "、") + (firms.count > limit ? " … (+\(firms.count - limit))" : "")
    }

    /// Firms whose customer (or supplier) HHI is above their industry division's upper Tukey
    /// fence, Q3 + 1.5 × (Q3 − Q1), among divisions with at least 5 firms with the feature.
    static func concentration(_ batch: ReportBatch, inScope: [Bool], top: Int) -> ReportSection {
        var table = ReportTable(columns: [
            .init("uscc", "USCC"), .init("name", "name"), .init("industry", "industry"), .init("side", "side"),
            .init("hhi", "HHI"),
            .init("top1_share", "largest share"), .init("fence", "division fence"), .init("inflow_yuan", "inflow ¥"),
        ])
        var found: [(hhi: Double, row: [ReportCell], uscc: String)] = []
        for (side, feature, topShare) in [
            ("customers", "customer_hhi", "top1_customer_share"), ("suppliers", "supplier_hhi", "top1_supplier_share"),
        ] {
            var byDivision: [String: [Int]] = [:]
            for f in batch.firms.indices where batch.feature(feature, of: f) != nil {
                byDivision[batch.firms[f].industry.division?.code ?? batch.firms[f].industry.code, default: []].append(
                    f)
            }
            for (code, firms) in byDivision where firms.count >= 5 {
                let values = firms.map { batch.feature(feature, of: $0)! }.sorted()
                func quantile(_ p: Int) -> Double { values[max(1, (p * values.count + 99) / 100) - 1] }
                let fence = quantile(75) + 1.5 * (quantile(75) - quantile(25))
                for f in firms where inScope[f] {
                    let hhi = batch.feature(feature, of: f)!
                    guard hhi > fence else { continue }
                    let firm = batch.firms[f]
                    found.append(
                        (
                            hhi,
                            [
                                .text(firm.uscc), .text(firm.name), .text(code), .text(side), .number(hhi, digits: 3),
                                .percent(batch.feature(topShare, of: f)), .number(fence, digits: 3),
                                .money(firm.inflow),
                            ], firm.uscc
                        ))
                }
            }
        }
        found.sort { ($0.hhi, $1.uscc) > ($1.hhi, $0.uscc) }
        table.rows = found.prefix(top).map(\.row)
        return ReportSection(
            key: "concentration", title: "Counterparty concentration outliers (top \(top))",
            note:
                "\(found.count) firms whose customer or supplier HHI is above their industry division's Q3 + 1.5 × IQR (divisions of 5 firms or more; nearest-rank quartiles).",
            table: table)
    }

    /// Firms with the highest DebtRank stress when every distressed firm fails (the build's
    /// `debtrank_stress`), the distressed themselves (stress 1) left out.
    static func exposed(_ batch: ReportBatch, inScope: [Bool], top: Int) -> ReportSection {
        var candidates: [Int] = []
        for f in batch.firms.indices where inScope[f] {
            if let stress = batch.feature("debtrank_stress", of: f), stress > 0, stress < 1 { candidates.append(f) }
        }
        func key(_ f: Int) -> (Double, Double) {
            (batch.feature("debtrank_stress", of: f) ?? 0, batch.feature("contagion_exposure", of: f) ?? 0)
        }
        candidates.sort { (key($0).0, key($0).1, batch.firms[$1].uscc) > (key($1).0, key($1).1, batch.firms[$0].uscc) }
        var table = ReportTable(columns: [
            .init("uscc", "USCC"), .init("name", "name"), .init("district", "district"), .init("industry", "industry"),
            .init("debtrank_stress", "DebtRank stress"), .init("contagion_exposure", "exposure to distressed"),
            .init("score", "score"),
            .init("grade", "grade"),
        ])
        for f in candidates.prefix(top) {
            let firm = batch.firms[f]
            table.rows.append([
                .text(firm.uscc), .text(firm.name), .text(firm.region.district?.name ?? firm.region.name),
                .text(firm.industry.division?.code ?? firm.industry.code), .number(key(f).0, digits: 4),
                .percent(key(f).1),
                .int(firm.score), .text(firm.grade),
            ])
        }
        return ReportSection(
            key: "exposed", title: "Most exposed to contagion (top \(top))",
            note:
                "\(candidates.count) firms with some DebtRank stress from the build's distressed firms (the distressed themselves not listed).",
            table: table)
    }
}
