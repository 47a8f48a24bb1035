/// Computes every firm's profile for one window from the build's aggregates: cash-flow and
/// counterparty features per firm (in parallel), graph features over the whole capital-flow
/// graph, then peer percentiles and firm facts. Pure: no I/O, deterministic for its input.
public struct ProfileBuilder: Sendable {
    public var parallelism: Int

    public init(parallelism: Int = 1) { self.parallelism = max(1, parallelism) }

    /// A firm is distressed, for community health and contagion, when nothing came in for more
    /// than 60 days, its inflow more than halved against the quarter before, or it had no inflow
    /// in the last 12 months at all.
    public static func isDistressed(daysSinceLastInflow: Double?, inflowGrowth3m: Double?, inflow12m: Double?) -> Bool {
        (daysSinceLastInflow ?? 0) > 60 || (inflowGrowth3m ?? 0) <= -0.5 || (inflow12m ?? 0) <= 0
    }

    /// - Parameter phase: called after each phase with its name (for timing and progress).
    /// - Complexity: O(n·w + F log F) for n firms, w months and F flows, plus the graph analytics.
    public func build(_ input: BuildInput, phase: (String) -> Void = { _ in }) throws(GraphError) -> ProfileTable {
        var firms = firmFeatures(input)
        phase("cash flows and counterparties")
        let graph = try Self.graph(of: input)
        phase("graph")
        let context = GraphFeatures.Context(
            isCore: input.firms.map(\.isCore), distressed: firms.distressed, inflow: firms.inflow,
            outflow: firms.outflow, previousPD: input.previousPD)
        let graphResult = GraphFeatures.compute(graph, context, parallelism: parallelism)
        firms.fill(graphResult)
        phase("graph analytics")
        let groups = PeerFeatures.Groups(input.firms)
        firms.fillPeerPercentiles(groups)
        firms.fillFirmFacts(input.firms, asOf: input.window.lastDay)
        let categories: [Int: [String]] = [
            ProfileCatalog.column["industry_division"]!: input.firms.map {
                $0.industry.division?.code ?? $0.industry.code
            },
            ProfileCatalog.column["district"]!: input.firms.map { $0.region.district?.code ?? $0.region.code },
        ]
        phase("peers")
        return ProfileTable(
            window: input.window, firms: input.firms, numbers: firms.numbers, categories: categories,
            evidence: firms.evidence, community: graphResult.community, groups: groups,
            cyclesFound: graphResult.cyclesFound)
    }

    /// Every firm's cash-flow and counterparty features, computed in parallel chunks and joined.
    func firmFeatures(_ input: BuildInput) -> FirmFeatureChunk {
        let n = input.firms.count
        let w = input.window.months
        var monthly = [FirmMonthSeries.Month](repeating: .init(), count: n * w)
        for row in input.months where Int(row.month) < w { monthly[Int(row.firm) * w + Int(row.month)] = row.totals }
        let byPayee = FirmBuckets(input.flows, firms: n) { $0.payee }
        let byPayer = FirmBuckets(input.flows, firms: n) { $0.payer }
        var firmIndex: [String: Int32] = [:]
        firmIndex.reserveCapacity(n)
        for (i, firm) in input.firms.enumerated() { firmIndex[firm.uscc.code] = Int32(i) }
        let chunks = Parallel.map(ranges: n, chunks: parallelism * 8) { range in
            FirmFeatureChunk(
                range: range, input: input, monthly: monthly, byPayee: byPayee, byPayer: byPayer, firmIndex: firmIndex)
        }
        return FirmFeatureChunk(joining: chunks, firms: n)
    }

    /// The capital-flow graph of the window's flows, one node per firm (with or without flows).
    static func graph(of input: BuildInput) throws(GraphError) -> CapitalFlowGraph {
        var builder = CapitalFlowGraphBuilder(amountScale: 2, expectedEdges: input.flows.count)
        for firm in input.firms { _ = builder.node(firm.uscc.code) }
        for flow in input.flows {
            try builder.addEdge(from: flow.payer, to: flow.payee, amount: flow.amount, transactions: flow.count)
        }
        let graph = try builder.build()
        // Firms are sorted by USCC, the graph's natural order for USCCs: node i is firm i.
        let n = input.firms.count
        precondition(graph.nodeCount == n && (n == 0 || graph.key(Int32(n - 1)) == input.firms[n - 1].uscc.code))
        return graph
    }
}

extension FirmFeatureChunk {
    /// The chunks of `0..<n`, in order, as one chunk.
    init(joining chunks: [FirmFeatureChunk], firms n: Int) {
        let width = ProfileCatalog.definitions.count
        range = 0..<n
        numbers = [Double](repeating: .nan, count: n * width)
        evidence = []
        distressed = []
        inflow = []
        outflow = []
        for chunk in chunks {
            precondition(chunk.range.lowerBound == evidence.count, "chunks out of order")
            numbers.replaceSubrange(
                (chunk.range.lowerBound * width)..<(chunk.range.upperBound * width), with: chunk.numbers)
            evidence += chunk.evidence
            distressed += chunk.distressed
            inflow += chunk.inflow
            outflow += chunk.outflow
        }
    }

    /// Writes the graph features and their evidence into every firm's row.
    mutating func fill(_ graph: GraphFeatures.Result) {
        let width = ProfileCatalog.definitions.count
        let base = ProfileCatalog.column[GraphFeatures.definitions[0].name]!
        for f in range {
            for (k, value) in graph.values[f].enumerated() { numbers[f * width + base + k] = value }
            evidence[f].graph = graph.evidence[f]
        }
    }

    /// Writes each compared feature's mid-rank percentile within the firm's industry and district.
    mutating func fillPeerPercentiles(_ groups: PeerFeatures.Groups) {
        let width = ProfileCatalog.definitions.count
        for name in PeerFeatures.compared {
            let source = ProfileCatalog.column[name]!
            let column = range.map { numbers[$0 * width + source] }
            for (suffix, group) in [("industry", groups.industry), ("district", groups.district)] {
                let target = ProfileCatalog.column["\(name)_pct_\(suffix)"]!
                let ranks = Percentiles.midRank(column, groups: group, minimumGroup: PeerFeatures.minimumGroup)
                for f in range { numbers[f * width + target] = ranks[f] }
            }
        }
    }

    /// Writes the features of the firm itself: its age on `asOf` and whether it is a core firm.
    mutating func fillFirmFacts(_ firms: [Firm], asOf: CalendarDate) {
        let width = ProfileCatalog.definitions.count
        let age = ProfileCatalog.column["firm_age_years"]!
        let core = ProfileCatalog.column["is_core"]!
        for (f, firm) in firms.enumerated() {
            numbers[f * width + age] = max(0, Double(asOf.daysSinceEpoch - firm.foundedOn.daysSinceEpoch) / 365.25)
            numbers[f * width + core] = firm.isCore ? 1 : 0
        }
    }
}

/// Rows grouped by firm (e.g. flows by payee): indices into the row list, in row order.
struct FirmBuckets: Sendable {
    var offsets: [Int]
    var indices: [Int32]

    /// - Complexity: O(n + r) (counting sort).
    init<Row>(_ rows: [Row], firms n: Int, firm: (Row) -> Int32) {
        offsets = [Int](repeating: 0, count: n + 1)
        for row in rows { offsets[Int(firm(row)) + 1] += 1 }
        for f in 0..<n { offsets[f + 1] += offsets[f] }
        var cursor = offsets
        indices = [Int32](repeating: 0, count: rows.count)
        for (i, row) in rows.enumerated() {
            let f = Int(firm(row))
            indices[cursor[f]] = Int32(i)
            cursor[f] += 1
        }
    }

    func of(_ firm: Int) -> ArraySlice<Int32> { indices[offsets[firm]..<offsets[firm + 1]] }
}

/// Cash-flow and counterparty features of a contiguous range of firms.
struct FirmFeatureChunk {
    let range: Range<Int>
    var numbers: [Double]
    var evidence: [FirmEvidence]
    var distressed: [Bool]
    var inflow: [Int64]
    var outflow: [Int64]

    init(
        range: Range<Int>, input: BuildInput, monthly: [FirmMonthSeries.Month], byPayee: FirmBuckets,
        byPayer: FirmBuckets,
        firmIndex: [String: Int32]
    ) {
        self.range = range
        let width = ProfileCatalog.definitions.count
        let w = input.window.months
        numbers = [Double](repeating: .nan, count: range.count * width)
        evidence = []
        distressed = []
        inflow = []
        outflow = []
        let keys = input.firms
        for f in range {
            let months = Array(monthly[(f * w)..<((f + 1) * w)])
            let series = FirmMonthSeries(firstMonth: input.window.firstMonth, months: months)
            let cash = CashFlowFeatures.compute(series)
            var ins: [CounterpartyFlows.Flow] = []
            var outs: [CounterpartyFlows.Flow] = []
            for i in byPayee.of(f) {
                let flow = input.flows[Int(i)]
                guard flow.payer != flow.payee else { continue }
                ins.append(
                    .init(counterparty: keys[Int(flow.payer)].uscc.code, month: Int(flow.month), amount: flow.amount))
            }
            for i in byPayer.of(f) {
                let flow = input.flows[Int(i)]
                guard flow.payer != flow.payee else { continue }
                outs.append(
                    .init(counterparty: keys[Int(flow.payee)].uscc.code, month: Int(flow.month), amount: flow.amount))
            }
            for (m, month) in months.enumerated() {
                if month.inflowOutside > 0 {
                    ins.append(.init(counterparty: FlowAggregate.outside, month: m, amount: month.inflowOutside))
                }
                if month.outflowOutside > 0 {
                    outs.append(.init(counterparty: FlowAggregate.outside, month: m, amount: month.outflowOutside))
                }
            }
            let counterparties = CounterpartyFeatures.compute(
                CounterpartyFlows(windowMonths: w, inflows: ins, outflows: outs))
            let row = (f - range.lowerBound) * width
            for (name, value) in cash { numbers[row + ProfileCatalog.column[name]!] = value ?? .nan }
            for (name, value) in counterparties.features { numbers[row + ProfileCatalog.column[name]!] = value ?? .nan }

            var facts = FirmEvidence()
            func link(_ top: CounterpartyFeatures.TopCounterparty) -> GraphFeatures.Link {
                GraphFeatures.Link(firm: firmIndex[top.key]!, amount: top.amount)
            }
            facts.topCustomers = counterparties.topCustomers.map(link)
            facts.inflowTotal = counterparties.topCustomers.first?.total ?? 0
            facts.topSuppliers = counterparties.topSuppliers.map(link)
            facts.outflowTotal = counterparties.topSuppliers.first?.total ?? 0
            let since = (cash["days_since_last_inflow"] ?? nil).map { Int($0) }
            let windowDays =
                series.lastDay.daysSinceEpoch
                - CalendarDate(monthIndex: series.firstMonth + max(0, w - 12)).daysSinceEpoch + 1
            if let since, since < windowDays + 1 { facts.lastInflow = series.lastDay.adding(days: -since) }
            evidence.append(facts)
            distressed.append(
                ProfileBuilder.isDistressed(
                    daysSinceLastInflow: cash["days_since_last_inflow"] ?? nil,
                    inflowGrowth3m: cash["inflow_growth_3m"] ?? nil,
                    inflow12m: cash["inflow_12m_yuan"] ?? nil))
            inflow.append(months.reduce(0) { $0 + $1.inflow })
            outflow.append(months.reduce(0) { $0 + $1.outflow })
        }
    }
}
