import ArgumentParser
import FundChainCore

/// `fundchain graph chain`: supplier or customer chain of one firm.
struct GraphChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Upstream (suppliers) or downstream (customers) chain of a firm (depth,path,amount,share).",
        discussion: """
            Upstream follows payments out of the firm (its payees, recursively); downstream follows \
            payments into it (its payers, recursively). One simple path per line: its depth, the ids \
            joined by '>', the amount of its last hop, and the share of the firm's outflow \
            (upstream) or inflow (downstream) it carries (product of the per-hop shares).
            """
    )

    @OptionGroup var input: GraphInputOptions

    @Option(help: "Id of the firm to trace from.")
    var firm: String

    @Option(help: "upstream (suppliers) or downstream (customers).")
    var direction: String

    @Option(help: "Maximum number of hops (K ≥ 1).")
    var depth: Int

    @Option(name: .customLong("min-share"), help: "Do not extend paths carrying less than this share.")
    var minShare: Double = 0

    @Option(name: .customLong("max-paths"), help: "Stop after this many paths.")
    var maxPaths: Int = 1_000_000

    func validate() throws {
        guard ["upstream", "downstream"].contains(direction) else {
            throw ValidationError("--direction must be upstream or downstream")
        }
        guard depth >= 1 else { throw ValidationError("--depth must be at least 1") }
        guard minShare >= 0, minShare <= 1 else { throw ValidationError("--min-share must be in [0, 1]") }
        guard maxPaths >= 1 else { throw ValidationError("--max-paths must be at least 1") }
    }

    func run() async throws {
        let graph = try await input.load()
        let root = try graph.requireNode(firm, option: "firm")
        let trace = graph.chain(
            of: root, direction: direction == "upstream" ? .upstream : .downstream, depth: depth,
            minShare: minShare, maxPaths: maxPaths)
        if trace.truncated { GraphLog.info("chain: stopped at --max-paths \(maxPaths)") }
        var out = GraphOutputWriter(format: input.format, columns: ["depth", "path", "amount", "share"])
        for path in trace.paths {
            out.row(
                .number(String(path.depth)), .list(path.nodes.map { graph.key($0) }),
                .number(graph.formatAmount(path.amount)), .number(path.share.exactText))
        }
        out.finish()
    }
}

/// `fundchain graph contagion`: DebtRank-style stress from distressed firms.
struct GraphContagionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contagion",
        abstract: "Stress in [0, 1] of every firm when the given firms are distressed (node,stress).",
        discussion: """
            DebtRank: a firm's exposure to a counterparty is the share of its inflow that \
            counterparty provides; each distressed firm passes its stress on once, along its payments.
            """
    )

    @OptionGroup var input: GraphInputOptions

    @Option(help: "Comma-separated ids of the distressed firms.")
    var distressed: String

    @Option(name: .customLong("initial-stress"), help: "Stress of the distressed firms, in (0, 1].")
    var initialStress: Double = 1

    func validate() throws {
        guard !distressed.split(separator: ",").isEmpty else {
            throw ValidationError("--distressed needs at least one id")
        }
        guard initialStress > 0, initialStress <= 1 else { throw ValidationError("--initial-stress must be in (0, 1]") }
    }

    func run() async throws {
        let graph = try await input.load()
        let seeds = try distressed.split(separator: ",").map { try graph.requireNode(String($0), option: "distressed") }
        let stress = graph.contagion(distressed: seeds, initialStress: initialStress)
        var out = GraphOutputWriter(format: input.format, columns: ["node", "stress"])
        for v in 0..<Int32(graph.nodeCount) { out.row(.text(graph.key(v)), .number(stress[Int(v)].exactText)) }
        out.finish()
    }
}

/// `fundchain graph concentration`: counterparty concentration of every firm.
struct GraphConcentrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concentration",
        abstract: "HHI and top-1/top-5 counterparty shares of every firm's inflows and outflows."
    )

    @OptionGroup var input: GraphInputOptions

    func run() async throws {
        let graph = try await input.load()
        let (inflows, outflows) = graph.concentration()
        var out = GraphOutputWriter(
            format: input.format, columns: ["node", "in_hhi", "in_top1", "in_top5", "out_hhi", "out_top1", "out_top5"])
        for v in 0..<graph.nodeCount {
            let i = inflows[v], o = outflows[v]
            out.row(
                .text(graph.key(Int32(v))), .number(i.hhi.exactText), .number(i.top1.exactText),
                .number(i.top5.exactText), .number(o.hhi.exactText), .number(o.top1.exactText),
                .number(o.top5.exactText))
        }
        out.finish()
    }
}
