import FundChainCore

extension RiskReport {
    /// The stress scenario: the shocked firms fail (DebtRank stress 1) and stress spreads through
    /// exposure shares (`CapitalFlowGraph.contagion`). Lists the firms hit and totals by district
    /// and industry division. Direct exposure is what the shocked firms paid the firm over the
    /// window (exact fen), the base of its first-round stress.
    ///
    /// - Complexity: O(n + E).
    static func stress(_ batch: ReportBatch, graph: CapitalFlowGraph, shock: [Int32], inScope: [Bool], top: Int)
        -> [ReportSection]
    {
        let stress = graph.contagion(distressed: shock)
        let shocked = Set(shock)
        var direct = [Int64](repeating: 0, count: batch.firms.count)
        for s in shock {
            for e in graph.outEdges(of: s) where !shocked.contains(graph.target(ofEdge: e)) {
                direct[Int(graph.target(ofEdge: e))] += graph.amount(ofEdge: e)
            }
        }
        let hit = batch.firms.indices.filter { stress[$0] > 0 && !shocked.contains(Int32($0)) && inScope[$0] }
            .sorted { (stress[$0], batch.firms[$1].uscc) > (stress[$1], batch.firms[$0].uscc) }
        var firms = ReportTable(columns: [
            .init("uscc", "USCC"), .init("name", "name"), .init("district", "district"), .init("industry", "industry"),
            .init("stress", "stress"), .init("direct_exposure_yuan", "paid by shocked ¥"),
            .init("inflow_yuan", "inflow ¥"),
            .init("score", "score"), .init("grade", "grade"),
        ])
        for f in hit.prefix(top) {
            let firm = batch.firms[f]
            firms.rows.append([
                .text(firm.uscc), .text(firm.name), .text(firm.region.district?.name ?? firm.region.name),
                .text(firm.industry.division?.code ?? firm.industry.code), .number(stress[f], digits: 4),
                .money(direct[f]),
                .money(firm.inflow), .int(firm.score), .text(firm.grade),
            ])
        }
        func rollUp(_ key: String, _ title: String, _ group: (ReportFirm) -> (String, String)) -> ReportSection {
            var sums: [String: (name: String, firms: Int, stress: Double, direct: Int64)] = [:]
            for f in hit {
                let (code, name) = group(batch.firms[f])
                let old = sums[code] ?? (name, 0, 0, 0)
                sums[code] = (name, old.firms + 1, old.stress + stress[f], old.direct + direct[f])
            }
            var table = ReportTable(columns: [
                .init("code", "code"), .init("name", "name"), .init("firms_hit", "firms hit"),
                .init("stress_sum", "total stress"),
                .init("direct_exposure_yuan", "paid by shocked ¥"),
            ])
            let codes = sums.keys.sorted { (sums[$0]!.stress, $1) > (sums[$1]!.stress, $0) }
            for code in codes {
                let s = sums[code]!
                table.rows.append([
                    .text(code), .text(s.name), .int(s.firms), .number(s.stress, digits: 4), .money(s.direct),
                ])
            }
            let chart = BarChart(
                labels: codes.prefix(30).map { "\($0) \(sums[$0]!.name)" }, series: ["total stress"],
                values: codes.prefix(30).map { [sums[$0]!.stress] },
                unit: "total DebtRank stress (firm-equivalents lost)")
            return ReportSection(key: key, title: title, table: table, chart: .bars(chart))
        }
        return [
            ReportSection(
                key: "shock_firms", title: "Stress scenario: firms hit (top \(top) by stress)",
                note:
                    "\(shock.count) firms marked failed; \(hit.count) others take stress (DebtRank through shares of covered inflow, 0–1).",
                table: firms,
                chart: .network(NetworkChart(panels: [cascadePanel(batch, graph: graph, shock: shock, stress: stress)]))
            ),
            rollUp("shock_districts", "Stress scenario by district") { firm in
                let d = firm.region.district ?? firm.region
                return (d.code, d.name)
            },
            rollUp("shock_industries", "Stress scenario by industry division") { firm in
                let d = firm.industry.division ?? firm.industry
                return (d.code, d.name)
            },
        ]
    }
}
