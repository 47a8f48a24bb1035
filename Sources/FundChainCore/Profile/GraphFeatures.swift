/// Graph features of every firm at once (they depend on the whole capital-flow graph): position
/// (PageRank, degrees, reciprocity), the industrial chain (tier from core enterprises, their share
/// of inflow), community, circular flows, and exposure to distressed counterparties.
public enum GraphFeatures {
    public static let definitions: [FeatureDefinition] = [
        .init(
            "pagerank_relative", .graph, unit: "× average", window: "build window",
            "Weighted PageRank (damping 0.85, weights the amounts paid) times the number of firms: 1 is an average firm"
        ),
        .init(
            "pagerank_percentile", .graph, unit: "percentile 0–100", window: "build window",
            "Mid-rank percentile of weighted PageRank among all covered firms"),
        .init(
            "in_degree", .graph, unit: "firms", window: "build window",
            "Covered firms that paid the firm (its own accounts excluded)"),
        .init("out_degree", .graph, unit: "firms", window: "build window", "Covered firms the firm paid"),
        .init(
            "reciprocity", .graph, unit: "ratio", window: "build window",
            "Counterparties that both paid and were paid, over all counterparties; missing without any"),
        .init(
            "chain_tier", .graph, unit: "hops", window: "build window",
            "Distance from the nearest core enterprise along significant flows (≥ 5 % of the dependent side's inflow or outflow): 0 core, 1 its direct supplier or buyer, … up to 4; missing when not linked"
        ),
        .init(
            "core_inflow_share", .graph, unit: "ratio", window: "build window",
            "Share of all inflow paid directly by core enterprises; missing without inflow"),
        .init(
            "community_size", .graph, unit: "firms", window: "build window",
            "Firms in its Louvain community of the undirected flow graph"),
        .init(
            "community_health", .graph, unit: "ratio", window: "build window",
            "1 − share of the rest of its community's inflow received by distressed firms; missing when the rest had no inflow"
        ),
        .init(
            "cycle_participation", .graph, unit: "cycles", window: "build window",
            "Simple payment cycles of 2–4 firms through the firm whose every flow is at least ¥10,000"),
        .init(
            "round_trip_ratio", .graph, unit: "ratio", window: "build window",
            "Money that comes back: the sum over its cycles of each cycle's smallest flow, over its total outflow (capped at 1); missing without outflow"
        ),
        .init(
            "contagion_exposure", .graph, unit: "ratio", window: "build window",
            "Share of its inflow plus outflow exchanged with distressed covered firms; missing without flows"),
        .init(
            "debtrank_stress", .graph, unit: "0–1", window: "build window",
            "DebtRank stress reaching the firm when every distressed firm fails (exposure = share of covered inflow); 1 for the distressed themselves"
        ),
        .init(
            "neighbour_risk", .graph, unit: "PD", window: "build window",
            "Flow-weighted mean PD of its covered counterparties in the previous build; missing without a previous build or scored counterparties"
        ),
    ]

    /// Flows of at least this many fen on every edge make a cycle count (¥10,000).
    public static let cycleMinimumFen: Int64 = 1_000_000
    /// Longest cycle looked for.
    public static let cycleMaxLength = 4
    /// A flow links a firm into a chain when it is at least this share of that firm's inflow
    /// (suppliers) or outflow (buyers).
    public static let chainLinkShare = 0.05
    /// Tiers beyond this count as not linked.
    public static let maxChainTier = 4

    /// What each firm needs besides the graph, indexed by firm.
    public struct Context: Sendable {
        public var isCore: [Bool]
        public var distressed: [Bool]
        /// Total inflow and outflow in the window, outside world included (fen).
        public var inflow: [Int64]
        public var outflow: [Int64]
        public var previousPD: [Double?]

        public init(isCore: [Bool], distressed: [Bool], inflow: [Int64], outflow: [Int64], previousPD: [Double?]) {
            self.isCore = isCore
            self.distressed = distressed
            self.inflow = inflow
            self.outflow = outflow
            self.previousPD = previousPD
        }
    }

    /// A flow behind a feature: the counterparty (firm index) and the amount (fen).
    public struct Link: Sendable, Hashable {
        public var firm: Int32
        public var amount: Int64
    }

    /// Per-firm evidence for reason codes.
    public struct Evidence: Sendable, Hashable {
        /// Firm → … → core enterprise, firm indices, when linked.
        public var chainPath: [Int32] = []
        /// The largest core payers, largest first (at most 3).
        public var corePayers: [Link] = []
        /// The largest distressed counterparties by flow both ways (at most 3).
        public var distressedCounterparties: [Link] = []
        /// The cycle through the firm with the largest smallest flow, starting at the firm.
        public var largestCycle: [Int32] = []
        public var largestCycleFlow: Int64 = 0
    }

    public struct Result: Sendable {
        /// `values[f][k]`: firm f's value of `definitions[k]`, NaN when missing.
        public var values: [[Double]]
        public var community: [Int32]
        public var evidence: [Evidence]
        public var cyclesFound: Int
    }

    /// - Parameter graph: the flows between covered firms in the window; node `i` must be firm
    ///   `i` (see `ProfileBuilder`).
    /// - Complexity: PageRank and Louvain dominate, O(iterations × (n + E)); cycles are
    ///   output-sensitive (see `forEachSimpleCycle`); everything else O(n + E).
    public static func compute(_ graph: CapitalFlowGraph, _ context: Context, parallelism: Int = 1) -> Result {
        let n = graph.nodeCount
        precondition(context.isCore.count == n && context.distressed.count == n, "one context entry per node")
        var table = Table(firms: n)
        position(graph, parallelism: parallelism, into: &table)
        chain(graph, context, into: &table)
        let communities = community(graph, context, into: &table)
        let cyclesFound = circularFlows(graph, context, into: &table)
        distress(graph, context, into: &table)
        return Result(
            values: table.values, community: communities.component, evidence: table.evidence, cyclesFound: cyclesFound)
    }

    /// The values and evidence being filled in, firm by firm.
    struct Table {
        var values: [[Double]]
        var evidence: [Evidence]

        init(firms n: Int) {
            values = [[Double]](repeating: [Double](repeating: .nan, count: definitions.count), count: n)
            evidence = [Evidence](repeating: Evidence(), count: n)
        }

        /// Sets feature `column` (an index of `definitions`, looked up once: `Column`) of `firm`.
        mutating func set(_ column: Int, _ firm: Int, _ value: Double?) { values[firm][column] = value ?? .nan }
    }

    /// Each feature's column in `definitions`, looked up once.
    enum Column {
        static let pagerankRelative = column["pagerank_relative"]!
        static let pagerankPercentile = column["pagerank_percentile"]!
        static let inDegree = column["in_degree"]!
        static let outDegree = column["out_degree"]!
        static let reciprocity = column["reciprocity"]!
        static let chainTier = column["chain_tier"]!
        static let coreInflowShare = column["core_inflow_share"]!
        static let communitySize = column["community_size"]!
        static let communityHealth = column["community_health"]!
        static let cycleParticipation = column["cycle_participation"]!
        static let roundTripRatio = column["round_trip_ratio"]!
        static let contagionExposure = column["contagion_exposure"]!
        static let debtrankStress = column["debtrank_stress"]!
        static let neighbourRisk = column["neighbour_risk"]!
    }

    /// PageRank (relative and percentile), degrees and reciprocity.
    static func position(_ graph: CapitalFlowGraph, parallelism: Int, into table: inout Table) {
        let n = graph.nodeCount
        let rank = graph.pageRank(.init(parallelism: parallelism)).scores
        let percentile = Percentiles.midRank(rank)
        for v in 0..<n {
            table.set(Column.pagerankRelative, v, rank[v] * Double(n))
            table.set(Column.pagerankPercentile, v, percentile[v])
        }
        degrees(graph) { v, inDegree, outDegree, reciprocity in
            table.set(Column.inDegree, v, Double(inDegree))
            table.set(Column.outDegree, v, Double(outDegree))
            table.set(Column.reciprocity, v, reciprocity)
        }
    }

    /// The industrial chain: tier from the cores (with the path as evidence) and the cores' share of inflow.
    static func chain(_ graph: CapitalFlowGraph, _ context: Context, into table: inout Table) {
        let tiers = ChainTiers(graph, isCore: context.isCore, inflow: context.inflow, outflow: context.outflow)
        for v in 0..<graph.nodeCount {
            if let tier = tiers.tier[v] {
                table.set(Column.chainTier, v, Double(tier))
                table.evidence[v].chainPath = tiers.path(from: Int32(v))
            }
            var fromCores: [Link] = []
            for p in graph.inPositions(of: Int32(v)) {
                let u = graph.source(atInPosition: p)
                if Int(u) != v, context.isCore[Int(u)] {
                    fromCores.append(Link(firm: u, amount: graph.amount(ofEdge: graph.inEdge(at: p))))
                }
            }
            let coreTotal = fromCores.reduce(Int64(0)) { $0 + $1.amount }
            table.set(
                Column.coreInflowShare, v,
                context.inflow[v] > 0 ? min(1, Double(coreTotal) / Double(context.inflow[v])) : nil)
            table.evidence[v].corePayers = largest(fromCores, 3)
        }
    }

    /// The Louvain community, its size and its health (the rest's inflow not received by distressed firms).
    static func community(_ graph: CapitalFlowGraph, _ context: Context, into table: inout Table) -> Components {
        let n = graph.nodeCount
        let communities = graph.communities()
        let sizes = communities.sizes
        var communityInflow = [Int64](repeating: 0, count: communities.count)
        var communityDistressed = [Int64](repeating: 0, count: communities.count)
        for v in 0..<n {
            let c = Int(communities.component[v])
            communityInflow[c] += context.inflow[v]
            if context.distressed[v] { communityDistressed[c] += context.inflow[v] }
        }
        for v in 0..<n {
            let c = Int(communities.component[v])
            table.set(Column.communitySize, v, Double(sizes[c]))
            let restInflow = communityInflow[c] - context.inflow[v]
            let restDistressed = communityDistressed[c] - (context.distressed[v] ? context.inflow[v] : 0)
            table.set(Column.communityHealth, v, restInflow > 0 ? 1 - Double(restDistressed) / Double(restInflow) : nil)
        }
        return communities
    }

    /// Payment cycles through each firm and the money that comes back; returns the cycles found.
    static func circularFlows(_ graph: CapitalFlowGraph, _ context: Context, into table: inout Table) -> Int {
        let n = graph.nodeCount
        var cycleCount = [Int](repeating: 0, count: n)
        var returned = [Int64](repeating: 0, count: n)
        var cyclesFound = 0
        graph.forEachSimpleCycle(maxLength: cycleMaxLength, minAmount: cycleMinimumFen) { cycle in
            guard cycle.count >= 2 else { return }  // a self-loop is a firm paying itself
            cyclesFound += 1
            var bottleneck = Int64.max
            for (i, u) in cycle.enumerated() {
                let w = cycle[(i + 1) % cycle.count]
                bottleneck = min(bottleneck, graph.amount(ofEdge: graph.edge(from: u, to: w)!))
            }
            for (i, u) in cycle.enumerated() {
                cycleCount[Int(u)] += 1
                returned[Int(u)] += bottleneck
                if bottleneck > table.evidence[Int(u)].largestCycleFlow {
                    table.evidence[Int(u)].largestCycleFlow = bottleneck
                    table.evidence[Int(u)].largestCycle = Array(cycle[i...] + cycle[..<i])
                }
            }
        }
        for v in 0..<n {
            table.set(Column.cycleParticipation, v, Double(cycleCount[v]))
            table.set(
                Column.roundTripRatio, v,
                context.outflow[v] > 0 ? min(1, Double(returned[v]) / Double(context.outflow[v])) : nil)
        }
        return cyclesFound
    }

    /// Distress around the firm: DebtRank stress, exposure to distressed counterparties, and the
    /// flow-weighted PD of its counterparties in the previous build.
    static func distress(_ graph: CapitalFlowGraph, _ context: Context, into table: inout Table) {
        let n = graph.nodeCount
        let stress = graph.contagion(distressed: (0..<Int32(n)).filter { context.distressed[Int($0)] })
        for v in 0..<n {
            table.set(Column.debtrankStress, v, stress[v])
            var distressedLinks: [Int32: Int64] = [:]
            var weighted = 0.0
            var weight = 0.0
            func visit(_ u: Int32, _ amount: Int64) {
                guard Int(u) != v else { return }
                if context.distressed[Int(u)] { distressedLinks[u, default: 0] += amount }
                if let pd = context.previousPD[Int(u)] {
                    weighted += Double(amount) * pd
                    weight += Double(amount)
                }
            }
            for e in graph.outEdges(of: Int32(v)) { visit(graph.target(ofEdge: e), graph.amount(ofEdge: e)) }
            for p in graph.inPositions(of: Int32(v)) {
                visit(graph.source(atInPosition: p), graph.amount(ofEdge: graph.inEdge(at: p)))
            }
            let total = context.inflow[v] + context.outflow[v]
            let exposed = distressedLinks.values.reduce(Int64(0), +)
            table.set(Column.contagionExposure, v, total > 0 ? min(1, Double(exposed) / Double(total)) : nil)
            table.set(Column.neighbourRisk, v, weight > 0 ? weighted / weight : nil)
            table.evidence[v].distressedCounterparties = largest(
                distressedLinks.map { Link(firm: $0.key, amount: $0.value) }, 3)
        }
    }

    static let column: [String: Int] = Dictionary(uniqueKeysWithValues: definitions.enumerated().map { ($1.name, $0) })

    /// The `k` largest links, largest first, ties by firm index.
    static func largest(_ links: [Link], _ k: Int) -> [Link] {
        Array(links.sorted { ($0.amount, $1.firm) > ($1.amount, $0.firm) }.prefix(k))
    }

    /// Distinct payers, payees, and the share of counterparties that are both.
    static func degrees(_ graph: CapitalFlowGraph, _ body: (Int, Int, Int, Double?) -> Void) {
        var mark = [Int32](repeating: -1, count: graph.nodeCount)
        for v in 0..<graph.nodeCount {
            let node = Int32(v)
            var outDegree = 0
            for e in graph.outEdges(of: node) where graph.target(ofEdge: e) != node {
                mark[Int(graph.target(ofEdge: e))] = node
                outDegree += 1
            }
            var inDegree = 0
            var both = 0
            for p in graph.inPositions(of: node) where graph.source(atInPosition: p) != node {
                inDegree += 1
                if mark[Int(graph.source(atInPosition: p))] == node { both += 1 }
            }
            let union = inDegree + outDegree - both
            body(v, inDegree, outDegree, union > 0 ? Double(both) / Double(union) : nil)
        }
    }
}
