import FundChainCore

extension ChainReport {
    /// One firm reached from a core: its tier, whether it supplies or buys, the firm one tier
    /// closer to the core, and the flow on that link.
    struct Member {
        var firm: Int32
        var tier: Int
        var supplier: Bool
        var parent: Int32
        var amount: Int64
    }

    /// Suppliers (followed along the core's payments) and customers (along payments into it) of
    /// one core, tier by tier, breadth-first; a firm joins at its first (lowest) tier on either
    /// side. A supplier link u → v counts when it is at least `linkShare` of v's inflow; a customer
    /// link w → u when it is at least `linkShare` of w's outflow.
    ///
    /// - Complexity: O(Σ degree) over the firms reached.
    static func members(of core: Int32, _ graph: CapitalFlowGraph, _ batch: ReportBatch, depth: Int) -> [Member] {
        var members: [Member] = []
        var seen: Set<Int32> = [core]
        for supplier in [true, false] {
            var frontier: [Int32] = [core]
            for tier in 1...max(1, depth) {
                var next: [Int32] = []
                for u in frontier {
                    if supplier {
                        for e in graph.outEdges(of: u) {
                            let v = graph.target(ofEdge: e)
                            let base = batch.firms[Int(v)].inflow
                            let amount = graph.amount(ofEdge: e)
                            guard !seen.contains(v), base > 0, Double(amount) >= linkShare * Double(base) else {
                                continue
                            }
                            seen.insert(v)
                            next.append(v)
                            members.append(Member(firm: v, tier: tier, supplier: true, parent: u, amount: amount))
                        }
                    } else {
                        for p in graph.inPositions(of: u) {
                            let w = graph.source(atInPosition: p)
                            let base = batch.firms[Int(w)].outflow
                            let amount = graph.amount(ofEdge: graph.inEdge(at: p))
                            guard !seen.contains(w), base > 0, Double(amount) >= linkShare * Double(base) else {
                                continue
                            }
                            seen.insert(w)
                            next.append(w)
                            members.append(Member(firm: w, tier: tier, supplier: false, parent: u, amount: amount))
                        }
                    }
                }
                frontier = next
            }
        }
        return members
    }

    /// The `cores` and `links` sections: each core enterprise in scope with its tiers, and its
    /// largest links.
    static func cores(_ batch: ReportBatch, graph: CapitalFlowGraph, inScope: [Bool], depth: Int, top: Int)
        -> [ReportSection]
    {
        var columns: [ReportColumn] = [
            .init("uscc", "core USCC"), .init("name", "name"), .init("industry", "industry"),
            .init("district", "district"),
        ]
        for t in 1...depth { columns.append(.init("suppliers_tier\(t)", "suppliers t\(t)")) }
        for t in 1...depth { columns.append(.init("customers_tier\(t)", "customers t\(t)")) }
        columns += [
            .init("to_suppliers_yuan", "paid to t1 suppliers ¥"),
            .init("from_customers_yuan", "received from t1 customers ¥"),
            .init("chain_mean_score", "chain mean score"),
        ]
        var coreTable = ReportTable(columns: columns)
        var links = ReportTable(columns: [
            .init("core", "core USCC"), .init("side", "side"), .init("tier", "tier"), .init("uscc", "USCC"),
            .init("name", "name"),
            .init("industry", "industry"), .init("linked_to", "linked to"), .init("amount_yuan", "link amount ¥"),
        ])
        var rows: [(weight: Int64, core: Int32, members: [Member])] = []
        for (c, firm) in batch.firms.enumerated() where firm.isCore && inScope[c] {
            let members = members(of: Int32(c), graph, batch, depth: depth)
            let weight = members.filter { $0.tier == 1 }.reduce(Int64(0)) { $0 + $1.amount }
            rows.append((weight, Int32(c), members))
        }
        rows.sort { ($0.weight, batch.firms[Int($1.core)].uscc) > ($1.weight, batch.firms[Int($0.core)].uscc) }
        for (_, core, members) in rows {
            let firm = batch.firms[Int(core)]
            var row: [ReportCell] = [
                .text(firm.uscc), .text(firm.name), .text(firm.industry.division?.code ?? firm.industry.code),
                .text(firm.region.district?.name ?? firm.region.name),
            ]
            for supplier in [true, false] {
                for t in 1...depth {
                    row.append(.int(members.filter { $0.supplier == supplier && $0.tier == t }.count))
                }
            }
            let firstTier = members.filter { $0.tier == 1 }
            row.append(.money(firstTier.filter(\.supplier).reduce(0) { $0 + $1.amount }))
            row.append(.money(firstTier.filter { !$0.supplier }.reduce(0) { $0 + $1.amount }))
            let scores = members.map { batch.firms[Int($0.firm)].score }
            row.append(scores.isEmpty ? .empty : .number(Double(scores.reduce(0, +)) / Double(scores.count), digits: 1))
            coreTable.rows.append(row)
            let listed = members.sorted { ($0.tier, $1.amount, $0.firm) < ($1.tier, $0.amount, $1.firm) }.prefix(top)
            for m in listed {
                let member = batch.firms[Int(m.firm)]
                links.rows.append([
                    .text(firm.uscc), .text(m.supplier ? "supplier" : "customer"), .int(m.tier), .text(member.uscc),
                    .text(member.name),
                    .text(member.industry.division?.code ?? member.industry.code),
                    .text(batch.firms[Int(m.parent)].uscc), .money(m.amount),
                ])
            }
        }
        return [
            ReportSection(
                key: "cores", title: "Core enterprises and their tiered chains",
                note:
                    "Tier 1 suppliers: firms the core pays at least \(Int(linkShare * 100)) % of their inflow; tier 1 customers: firms paying the core at least \(Int(linkShare * 100)) % of their outflow; tier 2 the same from tier 1. Cores ordered by their tier-1 flows.",
                table: coreTable),
            ReportSection(
                key: "links", title: "Largest chain links per core (up to \(top) each, nearest tiers first)",
                table: links),
        ]
    }
}
