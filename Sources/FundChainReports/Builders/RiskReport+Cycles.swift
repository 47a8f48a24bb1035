import FundChainCore

extension RiskReport {
    /// Circular-flow groups (firms joined by payment cycles: cycles sharing a firm are one group)
    /// and round-trip rings (money that left a firm and came back, hop by hop in time order).
    ///
    /// - Complexity: O(C × K) for C cycles of at most K firms, plus the round-trip search.
    static func circularFlows(
        _ batch: ReportBatch, circuits: Circuits, monthly: [DatedFlow], inScope: [Bool], top: Int
    ) -> [ReportSection] {
        let (graph, cycles, truncated) = (circuits.graph, circuits.cycles, circuits.truncated)
        struct Group {
            var firms: [Int32]
            var internalFlow: Int64
            var cycles: Int
            var shortest: Int
            var longest: Int
        }
        var groups: [Group] = []
        for group in CycleGroup.groups(cycles, nodeCount: graph.nodeCount)
        where group.members.contains(where: { inScope[Int($0)] }) {
            let set = Set(group.members)
            var flow: Int64 = 0
            for u in group.members {
                for e in graph.outEdges(of: u)
                where graph.target(ofEdge: e) != u && set.contains(graph.target(ofEdge: e)) {
                    flow += graph.amount(ofEdge: e)
                }
            }
            groups.append(
                Group(
                    firms: group.members, internalFlow: flow, cycles: group.cycles.count, shortest: group.shortest,
                    longest: group.longest))
        }
        groups.sort { ($0.internalFlow, $1.firms[0]) > ($1.internalFlow, $0.firms[0]) }
        var groupTable = ReportTable(columns: [
            .init("group", "group"), .init("firms", "firms"), .init("cycles", "cycles"), .init("shortest", "shortest"),
            .init("longest", "longest"), .init("internal_flow_yuan", "flows within ¥"),
            .init("first_uscc", "first USCC"),
            .init("members", "members"),
        ])
        for (i, group) in groups.prefix(top).enumerated() {
            groupTable.rows.append([
                .int(i + 1), .int(group.firms.count), .int(group.cycles), .int(group.shortest), .int(group.longest),
                .money(group.internalFlow),
                .text(batch.firms[Int(group.firms[0])].uscc), .text(names(batch, group.firms)),
            ])
        }

        // Round trips in the monthly flows among the cycles' firms, one ring per directed cycle of
        // firms (its trips from every start firm and month counted together), largest first.
        let index = batch.firmIndex
        let trips = TemporalRoundTrips(flows: monthly).find(
            maxHops: cycleLength, window: roundTripMonths, minAmount: cycleMinimum, limit: cycleLimit)
        struct Ring {
            var firms: [String]
            var trips = 0
            var amount: Int64 = 0
            var first = Int.max
            var last = Int.min
        }
        var rings: [[String]: Ring] = [:]
        for trip in trips where trip.firms.contains(where: { index[$0].map { inScope[$0] } ?? false }) {
            // The rotation starting at the smallest USCC names the ring.
            let start = trip.firms.indices.min { trip.firms[$0] < trip.firms[$1] }!
            let key = Array(trip.firms[start...] + trip.firms[..<start])
            var ring = rings[key] ?? Ring(firms: key)
            ring.trips += 1
            ring.amount = max(ring.amount, trip.amount)
            ring.first = min(ring.first, trip.times.first!)
            ring.last = max(ring.last, trip.times.last!)
            rings[key] = ring
        }
        let sortedRings = rings.values.sorted {
            ($0.amount, $1.firms.joined(separator: ",")) > ($1.amount, $0.firms.joined(separator: ","))
        }
        var ringTable = ReportTable(columns: [
            .init("length", "firms"), .init("trips", "round trips"), .init("amount_yuan", "largest trip ¥"),
            .init("first_month", "from"), .init("last_month", "to"), .init("first_uscc", "first USCC"),
            .init("path", "path"),
        ])
        func month(_ index: Int) -> String { String(CalendarDate(monthIndex: index).description.prefix(7)) }
        for ring in sortedRings.prefix(top) {
            let path = (ring.firms + [ring.firms[0]]).map { index[$0].map { batch.firms[$0].name } ?? $0 }
            ringTable.rows.append([
                .int(ring.firms.count), .int(ring.trips), .money(ring.amount), .text(month(ring.first)),
                .text(month(ring.last)),
                .text(ring.firms[0]), .text(path.joined(separator: " → ")),
            ])
        }
        let limitNote = truncated ? " The search stopped at \(cycleLimit) cycles: groups may be incomplete." : ""
        let groupPanels = groups.prefix(drawnPanels).enumerated().map { i, group in
            groupPanel(batch, graph: graph, firms: group.firms, number: i + 1, cycles: group.cycles)
        }
        let ringPanels = sortedRings.prefix(drawnPanels).enumerated().compactMap { i, ring -> NetworkChart.Panel? in
            let firms = ring.firms.compactMap { index[$0].map(Int32.init) }
            guard firms.count == ring.firms.count else { return nil }
            return ringPanel(batch, graph: graph, firms: firms, number: i + 1, trips: ring.trips, largest: ring.amount)
        }
        return [
            ReportSection(
                key: "groups", title: "Circular-flow groups (top \(top) by flows within)",
                note:
                    "\(groups.count) groups of firms joined by payment cycles of 2–\(cycleLength) firms, every flow at least ¥\(Money(fen: cycleMinimum).wholeYuan) over the window; cycles sharing a firm make one group.\(limitNote)",
                table: groupTable, chart: groupPanels.isEmpty ? nil : .network(NetworkChart(panels: groupPanels))),
            ReportSection(
                key: "rings", title: "Round-trip rings (top \(top) by amount)",
                note:
                    "\(rings.count) rings: money leaving a firm and coming back through 1–\(cycleLength - 1) other firms within \(roundTripMonths) months, month by month in order, every hop at least ¥\(Money(fen: cycleMinimum).wholeYuan). A trip's amount is its smallest hop; a ring's trips are counted from every start firm and month.",
                table: ringTable, chart: ringPanels.isEmpty ? nil : .network(NetworkChart(panels: ringPanels))),
        ]
    }
}
