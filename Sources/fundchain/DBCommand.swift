import ArgumentParser
import FundChainStore

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the local PostgreSQL cluster under $FUNDCHAIN_HOME (default ~/.fundchain).",
        subcommands: [Start.self, Stop.self, Status.self, URL.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create (first time), start and migrate the local cluster.")
        func run() async throws {
            let cluster = try LocalCluster(home: LocalCluster.defaultHome())
            try cluster.start()
            let logger = CLILogger.make()
            try await LocalDatabase.ensureDatabase(cluster, logger: logger)
            let result = try await Database.with(cluster.configuration, logger: logger) { try await Migrator().migrate($0) }
            print("PostgreSQL running; data in \(cluster.layout.dataDirectory); schema version \(result.version)")
            print(cluster.configuration.url())
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the local cluster.")
        func run() async throws {
            let cluster = try LocalCluster(home: LocalCluster.defaultHome())
            try cluster.stop()
            print("PostgreSQL stopped")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the local cluster exists and runs.")
        func run() async throws {
            let cluster = try LocalCluster(home: LocalCluster.defaultHome())
            let state = !cluster.isInitialized ? "not created" : cluster.isRunning ? "running" : "stopped"
            print("local cluster: \(state)")
            print("data:   \(cluster.layout.dataDirectory)")
            print("socket: \(cluster.layout.socketDirectory)")
            print("log:    \(cluster.layout.logFile)")
            if let user = cluster.layout.serverUser { print("server runs as: \(user)") }
            if !cluster.isRunning { throw ExitCode(3) }
        }
    }

    struct URL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the local cluster's connection URL (for psql and DATABASE_URL).")
        func run() async throws {
            print(try LocalCluster(home: LocalCluster.defaultHome()).configuration.url())
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply schema.sql to the database (idempotent) and record its version.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = CLILogger.make()
        let (configuration, managed) = try database.resolve()
        if let managed {
            try managed.start()
            try await LocalDatabase.ensureDatabase(managed, logger: logger)
        }
        let result = try await Database.with(configuration, logger: logger) { try await Migrator().migrate($0) }
        print(
            "schema version \(result.version) (\(result.statements) statements, sha256 \(result.sha256.prefix(12))…): "
                + (result.changed ? "applied" : "already up to date"))
    }
}
