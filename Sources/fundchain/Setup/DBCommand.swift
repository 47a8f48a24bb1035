import ArgumentParser
import Foundation
import FundChainStore
import Logging

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the local PostgreSQL cluster under $FUNDCHAIN_HOME (default ~/.fundchain).",
        subcommands: [Start.self, Stop.self, Status.self, URL.self, Role.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (first time), start and migrate the local cluster.",
            discussion: """
                The cluster is durable (PostgreSQL's fsync, synchronous_commit and full_page_writes \
                on). --unsafe-fast turns the three off until the next stop, for throwaway test and \
                benchmark data only: an OS crash can then corrupt the snapshots.
                """)

        @Flag(
            help:
                "Start without crash safety (fsync, synchronous_commit, full_page_writes off): tests and benchmarks only."
        )
        var unsafeFast = false

        func run() async throws {
            let cluster = try LocalCluster(home: LocalCluster.defaultHome())
            try ManagedDurability.start(cluster, requested: unsafeFast ? .unsafeFast : nil)
            let logger = CLILogger.make()
            try await LocalDatabase.ensureDatabase(cluster, logger: logger)
            let result = try await Database.with(cluster.configuration, logger: logger) {
                try await Migrator().migrate($0)
            }
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
        static let configuration = CommandConfiguration(
            abstract: "Say whether the local cluster exists and runs, or what --database is (PostgreSQL or Citus).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = CLILogger.make()
            if case (let configuration, nil) = try database.resolve() {
                try await Self.describe(configuration, logger: logger)
                return
            }
            let cluster = try LocalCluster(home: LocalCluster.defaultHome())
            let state = !cluster.isInitialized ? "not created" : cluster.isRunning ? "running" : "stopped"
            print("local cluster: \(state)")
            print("data:   \(cluster.layout.dataDirectory)")
            print("socket: \(cluster.layout.socketDirectory)")
            print("log:    \(cluster.layout.logFile)")
            if let user = cluster.layout.serverUser { print("server runs as: \(user)") }
            if !cluster.isRunning { throw ExitCode(3) }
            let mode = try await LocalDatabase.durability(cluster, logger: logger)
            switch mode {
            case .durable: print("mode:   durable (fsync, synchronous_commit, full_page_writes on)")
            case .unsafeFast:
                print("mode:   UNSAFE-FAST (fsync, synchronous_commit or full_page_writes off: test data only)")
            }
            try await Self.describe(cluster.configuration, logger: logger)
        }

        /// The database's kind (single node or Citus, with its workers) and schema version.
        static func describe(_ configuration: DatabaseConfiguration, logger: Logger) async throws {
            let (mode, version) = try await Database.with(configuration, logger: logger) {
                (try await DatabaseMode.detect($0), try await Migrator.appliedVersion($0))
            }
            print("database: \(mode)")
            print("schema: \(version.map { "version \($0)" } ?? "not migrated (run fundchain migrate)")")
        }
    }

    struct URL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the local cluster's connection URL (for psql and DATABASE_URL).")
        func run() async throws {
            print(try LocalCluster(home: LocalCluster.defaultHome()).configuration.url())
        }
    }
}

extension DBCommand {
    /// `fundchain db role create NAME --group G`: a login role for one job (docs/security.md).
    struct Role: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create login roles, each a member of one group (ingest, build, service, analyst, auditor, admin).",
            subcommands: [Create.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a login role that is a member of one group only.",
                discussion: """
                    Needs CREATEROLE (a superuser, or the migrating role). The password is read from the \
                    environment variable --password-env names (never from the command line); without it \
                    the role has no password (Unix-socket peer or certificate authentication).
                    """)

            @Argument(help: ArgumentHelp("The new role's name.", valueName: "name"))
            var name: String

            @Option(help: ArgumentHelp("Its group: \(Self.groupNames).", valueName: "group"))
            var group: String

            @Option(help: ArgumentHelp("Environment variable holding the password.", valueName: "variable"))
            var passwordEnv: String?

            @OptionGroup var database: DatabaseOptions

            static var groupNames: String {
                DatabaseGroup.allCases.map { String($0.rawValue.dropFirst("fundchain_".count)) }.joined(separator: ", ")
            }

            var databaseGroup: DatabaseGroup? { DatabaseGroup(rawValue: "fundchain_" + group) }

            func validate() throws {
                guard databaseGroup != nil else {
                    throw ValidationError("--group '\(group)' is not one of \(Self.groupNames)")
                }
                guard !name.isEmpty, name.utf8.count <= 63 else {
                    throw ValidationError("the role name has 1-63 bytes")
                }
                if let passwordEnv, (ProcessInfo.processInfo.environment[passwordEnv] ?? "").isEmpty {
                    throw ValidationError("--password-env: \(passwordEnv) is not set or empty")
                }
            }

            func run() async throws {
                let (name, group) = (name, databaseGroup!)
                let password = passwordEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
                try await database.withDatabase(logger: CLILogger.make()) { db in
                    try await DatabaseRoles.createLogin(name, group: group, password: password, on: db)
                }
                StandardOutput.write(
                    "created login role \(name) in \(group)\(password == nil ? " (no password)" : "")\n")
            }
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
            try ManagedDurability.start(managed)
            try await LocalDatabase.ensureDatabase(managed, logger: logger)
        }
        let (result, mode) = try await Database.with(configuration, logger: logger) {
            (try await Migrator().migrate($0), try await DatabaseMode.detect($0))
        }
        print(
            "schema version \(result.version) (\(result.statements) statements, sha256 \(result.sha256.prefix(12))…): "
                + (result.changed ? "applied" : "already up to date"))
        print("database: \(mode)")
    }
}

/// How the managed cluster is started: durable unless `db start --unsafe-fast` or
/// `FUNDCHAIN_UNSAFE_FAST_DB=1` (tests and benchmarks) asks otherwise, with a warning either way.
enum ManagedDurability {
    static let environmentVariable = "FUNDCHAIN_UNSAFE_FAST_DB"

    static func start(_ cluster: LocalCluster, requested: LocalCluster.Durability? = nil) throws {
        let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable] == "1"
        let mode = requested ?? (fromEnvironment ? .unsafeFast : .durable)
        if mode == .unsafeFast && !cluster.isRunning {
            Terminal.note(
                "warning: starting the managed PostgreSQL without crash safety (fsync, synchronous_commit and "
                    + "full_page_writes off); an OS crash can corrupt its data. For throwaway test data only.")
        }
        try cluster.start(durability: mode)
    }
}
