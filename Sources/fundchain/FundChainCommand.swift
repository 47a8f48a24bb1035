import ArgumentParser

@main
struct FundChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundchain",
        abstract: "Credit profiling for small businesses from their capital flows.",
        discussion: """
            FundChain ingests bank statement entries into PostgreSQL, builds the capital-flow graph \
            between firms, profiles and scores every firm, and matches it to finance products.
            """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, GenerateCommand.self, DBCommand.self, MigrateCommand.self, IngestCommand.self,
            GraphCommand.self, ModelCommand.self, KeysCommand.self, BuildCommand.self, FeaturesCommand.self,
            ProfileCommand.self, ScoresCommand.self,
            ProductsCommand.self,
            SnapshotCommand.self,
            ReportCommand.self, WarningsCommand.self,
            APIKeyCommand.self, ConsentCommand.self, EventsCommand.self, ServeCommand.self, AuditCommand.self,
        ]
    )
}
