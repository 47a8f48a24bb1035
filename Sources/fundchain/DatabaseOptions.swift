import ArgumentParser
import Foundation
import FundChainStore
import Logging
import PostgresNIO

/// `--database URL`, else `DATABASE_URL`, else the managed local PostgreSQL under
/// `$FUNDCHAIN_HOME` (default `~/.fundchain`), started (and migrated) on demand.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database"),
        help: ArgumentHelp(
            "PostgreSQL URL (postgres://user:pass@host:port/db). Default: $DATABASE_URL, else the managed local cluster.",
            valueName: "url"))
    var url: String?

    /// Where the database is, and whether it is the managed local cluster.
    func resolve() throws -> (configuration: DatabaseConfiguration, managed: LocalCluster?) {
        let environment = ProcessInfo.processInfo.environment
        if let url = url ?? environment["DATABASE_URL"], !url.isEmpty {
            return (try DatabaseConfiguration(url: url), nil)
        }
        let cluster = try LocalCluster(home: LocalCluster.defaultHome())
        return (cluster.configuration, cluster)
    }

    /// Runs `body` against the database, starting and migrating the managed cluster if needed.
    func withDatabase<T: Sendable>(logger: Logger, _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let (configuration, managed) = try resolve()
        if let managed {
            if !managed.isRunning { Terminal.note("starting the managed PostgreSQL in \(managed.layout.dataDirectory)") }
            try managed.start()
            try await LocalDatabase.ensureDatabase(managed, logger: logger)
        }
        do {
            return try await Database.with(configuration, logger: logger) { database in
                if managed != nil, try await !Migrator().isApplied(database) {
                    _ = try await Migrator().migrate(database)
                }
                return try await body(database)
            }
        } catch let error as PSQLError {
            // PostgresNIO hides the server's message by default; show it (never the SQL or binds).
            throw StoreError(.connectionFailed, "database error: \(Database.describe(error))")
        }
    }
}

/// Logging to stderr at `warning` unless `FUNDCHAIN_LOG_LEVEL` says otherwise.
enum CLILogger {
    static func make() -> Logger {
        var logger = Logger(label: "fundchain") { StderrLogHandler(label: $0) }
        let level = ProcessInfo.processInfo.environment["FUNDCHAIN_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .warning
        return logger
    }
}
