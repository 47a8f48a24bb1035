import FundChainCore

/// The risk report's pictures: the largest circular-flow groups and round-trip rings as
/// node-link panels, and the stress scenario as the cascade it is, round by round.
extension RiskReport {
    /// Panels per drawing, and firms per panel (a larger group shows those with most flow within).
    static let drawnPanels = 4
    static let drawnFirms = 12
    /// Cascade columns (the last takes every later round) and firms per column.
    static let cascadeRounds = 5
    static let cascadeFirms = 8

    /// A group: its firms on a circle, ordered by following the money (from the firm paying most
    /// within the group, each next firm the one the current pays most), so that cycles run clockwise.
    static func groupPanel(_ batch: ReportBatch, graph: CapitalFlowGraph, firms: [Int32], number: Int, cycles: Int)
        -> NetworkChart.Panel
    {
        let members = Set(firms)
        var within: [Int32: Int64] = [:]
        for u in firms {
            for e in graph.outEdges(of: u)
            where graph.target(ofEdge: e) != u && members.contains(graph.target(ofEdge: e)) {
                within[u, default: 0] += graph.amount(ofEdge: e)
                within[graph.target(ofEdge: e), default: 0] += graph.amount(ofEdge: e)
            }
        }
        let shown = firms.sorted { (within[$0] ?? 0, $1) > (within[$1] ?? 0, $0) }.prefix(drawnFirms)
        var order: [Int32] = []
        var left = Set(shown)
        var current = shown.first
        while let u = current {
            order.append(u)
            left.remove(u)
            let next = graph.outEdges(of: u).filter { left.contains(graph.target(ofEdge: $0)) }
                .max {
                    (graph.amount(ofEdge: $0), graph.target(ofEdge: $1)) < (
                        graph.amount(ofEdge: $1), graph.target(ofEdge: $0)
                    )
                }
            current = next.map { graph.target(ofEdge: $0) } ?? left.min()
        }
        let more = firms.count > shown.count ? ", the \(shown.count) with most flow within shown" : ""
        return panel(
            batch, graph: graph, firms: order, ringOnly: false,
            title: "Group \(number): \(firms.count) firms, \(cycles) cycles\(more)")
    }

    /// A ring: its firms on a circle in the order the money went round.
    static func ringPanel(
        _ batch: ReportBatch, graph: CapitalFlowGraph, firms: [Int32], number: Int, trips: Int, largest: Int64
    ) -> NetworkChart.Panel {
        panel(
            batch, graph: graph, firms: firms, ringOnly: true,
            title: "Ring \(number): \(firms.count) firms, \(trips) round trips, largest \(compactYuan(largest))")
    }

    /// Firms as nodes (short name, grade) and the window's flows among them as arrows; only the
    /// ring's own hops when `ringOnly`.
    static func panel(_ batch: ReportBatch, graph: CapitalFlowGraph, firms: [Int32], ringOnly: Bool, title: String)
        -> NetworkChart.Panel
    {
        let position = Dictionary(uniqueKeysWithValues: firms.enumerated().map { ($1, $0) })
        var edges: [(from: Int, to: Int, amount: Int64)] = []
        for (i, u) in firms.enumerated() {
            for e in graph.outEdges(of: u) {
                guard let j = position[graph.target(ofEdge: e)], j != i else { continue }
                if ringOnly, j != (i + 1) % firms.count { continue }
                edges.append((i, j, graph.amount(ofEdge: e)))
            }
        }
        let largest = Double(max(edges.map(\.amount).max() ?? 1, 1))
        return NetworkChart.Panel(
            title: title, layout: .circle,
            nodes: firms.map { f in
                let firm = batch.firms[Int(f)]
                return NetworkChart.Node(
                    label: shortName(firm.name), detail: firm.grade,
                    title: "\(firm.name) (\(firm.uscc)), score \(firm.score), grade \(firm.grade)")
            },
            edges: edges.map {
                .init(from: $0.from, to: $0.to, label: compactYuan($0.amount), weight: Double($0.amount) / largest)
            })
    }

    /// The stress scenario round by round: round 0 the shocked firms, round r the firms stress
    /// first reaches after r hops along the flows (a payer's failure stresses its payees), each
    /// column its firms with most stress; arrows from a firm to those it passed stress to.
    static func cascadePanel(_ batch: ReportBatch, graph: CapitalFlowGraph, shock: [Int32], stress: [Double])
        -> NetworkChart.Panel
    {
        var round = [Int](repeating: -1, count: batch.firms.count)
        var frontier = shock.filter { round[Int($0)] < 0 }
        for s in frontier { round[Int(s)] = 0 }
        var depth = 0
        while !frontier.isEmpty {
            depth += 1
            var next: [Int32] = []
            for u in frontier {
                for e in graph.outEdges(of: u) {
                    let v = graph.target(ofEdge: e)
                    guard round[Int(v)] < 0, stress[Int(v)] > 0 else { continue }
                    round[Int(v)] = depth
                    next.append(v)
                }
            }
            frontier = next
        }
        var columns = [[Int32]](repeating: [], count: cascadeRounds)
        for f in batch.firms.indices where round[f] >= 0 { columns[min(round[f], cascadeRounds - 1)].append(Int32(f)) }
        var titles: [String] = []
        var shown: [Int32] = []
        var layerOf: [Int32: Int] = [:]
        for (layer, column) in columns.enumerated() where !column.isEmpty {
            let top = column.sorted { (stress[Int($0)], $1) > (stress[Int($1)], $0) }.prefix(cascadeFirms)
            let name = layer == 0 ? "shocked" : layer == cascadeRounds - 1 ? "round \(layer)+" : "round \(layer)"
            titles.append(
                "\(name): \(column.count) firm\(column.count == 1 ? "" : "s")"
                    + (column.count > top.count ? " (top \(top.count))" : ""))
            for f in top { layerOf[f] = titles.count - 1 }
            shown += top
        }
        let index = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($1, $0) })
        var edges: [NetworkChart.Edge] = []
        for u in shown {
            for e in graph.outEdges(of: u) {
                guard let j = index[graph.target(ofEdge: e)], layerOf[shown[j]]! == layerOf[u]! + 1 else { continue }
                edges.append(
                    .init(
                        from: index[u]!, to: j, label: compactYuan(graph.amount(ofEdge: e)),
                        weight: stress[Int(shown[j])]))
            }
        }
        return NetworkChart.Panel(
            title: "Stress cascade: \(shock.count) shocked, \(columns.dropFirst().map(\.count).reduce(0, +)) reached",
            layout: .layers,
            nodes: shown.map { f in
                let firm = batch.firms[Int(f)]
                return NetworkChart.Node(
                    label: shortName(firm.name),
                    detail: "stress \(ReportCell.fixed(stress[Int(f)], 2)) · \(firm.grade)",
                    title: "\(firm.name) (\(firm.uscc)), DebtRank stress \(ReportCell.fixed(stress[Int(f)], 4))",
                    intensity: stress[Int(f)], layer: layerOf[f]!)
            },
            edges: edges, layerTitles: titles)
    }

    /// A firm's name without the legal form and the city, at most 10 display columns.
    static func shortName(_ name: String) -> String {
        var short = name
        for suffix in ["股份有限公司", "有限责任公司", "有限公司", "公司"] where short.hasSuffix(suffix) && short.count > suffix.count {
            short = String(short.dropLast(suffix.count))
            break
        }
        for prefix in ["重庆市", "重庆"] where short.hasPrefix(prefix) && short.count > prefix.count {
            short = String(short.dropFirst(prefix.count))
            break
        }
        var out = ""
        for character in short {
            guard DisplayWidth.of(out + String(character)) <= 10 else { return out + "…" }
            out.append(character)
        }
        return out
    }

    /// An amount for a label: ¥ with k, M or bn.
    static func compactYuan(_ fen: Int64) -> String {
        let yuan = Double(fen) / 100
        switch abs(yuan) {
        case 1e9...: return "¥" + ReportCell.fixed(yuan / 1e9, 1) + "bn"
        case 1e6...: return "¥" + ReportCell.fixed(yuan / 1e6, 1) + "M"
        case 1e3...: return "¥" + ReportCell.fixed(yuan / 1e3, 0) + "k"
        default: return "¥" + ReportCell.fixed(yuan, 0)
        }
    }
}
