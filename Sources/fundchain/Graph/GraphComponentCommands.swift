import ArgumentParser
import FundChainCore

/// `fundchain graph scc`: strongly connected components.
struct GraphSCCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scc",
        abstract: "Strongly connected components (node,component), numbered by their smallest node id."
    )

    @OptionGroup var input: GraphInputOptions

    func run() async throws {
        let graph = try await input.load()
        writeComponents(graph.stronglyConnectedComponents(), of: graph, column: "component", format: input.format)
    }
}

/// `fundchain graph wcc`: weakly connected components.
struct GraphWCCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wcc",
        abstract: "Weakly connected components (node,component), numbered by their smallest node id."
    )

    @OptionGroup var input: GraphInputOptions

    func run() async throws {
        let graph = try await input.load()
        writeComponents(graph.weaklyConnectedComponents(), of: graph, column: "component", format: input.format)
    }
}

/// `fundchain graph communities`: Louvain communities of the undirected weighted projection.
struct GraphCommunitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communities",
        abstract: "Louvain communities (node,community), numbered by their smallest node id.",
        discussion: """
            Runs on the undirected projection (weight of {u,v} = weight u→v + weight v→u). The \
            result depends only on the file and the seed. The modularity is reported on stderr.
            """
    )

    @OptionGroup var input: GraphInputOptions

    @Option(help: "Seed of the node visiting order.")
    var seed: UInt64 = 0

    @Option(help: "Modularity resolution (larger: smaller communities).")
    var resolution: Double = 1

    func validate() throws {
        guard resolution > 0, resolution.isFinite else { throw ValidationError("--resolution must be positive") }
    }

    func run() async throws {
        let graph = try await input.load()
        let partition = graph.communities(CommunityOptions(seed: seed, resolution: resolution))
        GraphLog.info(
            "communities: \(partition.count), modularity \(graph.modularity(partition, resolution: resolution))")
        writeComponents(partition, of: graph, column: "community", format: input.format)
    }
}

func writeComponents(_ components: Components, of graph: CapitalFlowGraph, column: String, format: GraphOutputFormat) {
    var out = GraphOutputWriter(format: format, columns: ["node", column])
    for v in 0..<Int32(graph.nodeCount) {
        out.row(.text(graph.key(v)), .number(String(components.component[Int(v)])))
    }
    out.finish()
}
