import ArgumentParser

/// `fundchain graph …`: capital-flow graph analytics on any edge-list file.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Analyse a capital-flow graph: PageRank, components, cycles, communities, chains, contagion.",
        discussion: """
            Every subcommand reads --edges FILE: CSV with the header source,target[,weight] (ids any \
            text, weight a non-negative decimal, default 1; repeated pairs are summed). Output is CSV \
            on stdout (or --format json); nodes are listed in natural id order (numeric when every id \
            is an integer, else by UTF-8 bytes), and "smallest id" means smallest in that order.
            """,
        subcommands: [
            GraphPageRankCommand.self, GraphSCCCommand.self, GraphCyclesCommand.self, GraphWCCCommand.self,
            GraphCommunitiesCommand.self, GraphChainCommand.self, GraphContagionCommand.self,
            GraphConcentrationCommand.self,
        ]
    )
}
