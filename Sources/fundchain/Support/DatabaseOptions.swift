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
    ///
    /// The password is taken, first found: from the file `FUNDCHAIN_DATABASE_PASSWORD_FILE`
    /// names (e.g. a mounted secret), from `PGPASSWORD`, or from the URL. A password in a
    /// `--database` URL is visible to every user of the machine (the process list), so it is
    /// accepted with a warning.
    func resolve() throws -> (configuration: DatabaseConfiguration, managed: LocalCluster?) {
        let environment = ProcessInfo.processInfo.environment
        if let url = url ?? environment["DATABASE_URL"], !url.isEmpty {
            var configuration = try DatabaseConfiguration(url: url)
            if self.url != nil, configuration.password != nil {
                Terminal.note(
                    "warning: the --database URL holds a password, which other users can read in the process list; "
                        + "use DATABASE_URL, PGPASSWORD or FUNDCHAIN_DATABASE_PASSWORD_FILE instead")
            }
            if let password = try Self.password(environment: environment) { configuration.password = password }
            return (configuration, nil)
        }
        let cluster = try LocalCluster(home: LocalCluster.defaultHome())
        return (cluster.configuration, cluster)
    }

    /// The password from `FUNDCHAIN_DATABASE_PASSWORD_FILE` (its first line) or `PGPASSWORD`.
    static func password(environment: [String: String]) throws -> String? {
        if let path = environment["FUNDCHAIN_DATABASE_PASSWORD_FILE"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("FUNDCHAIN_DATABASE_PASSWORD_FILE: cannot read \(path)")
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: .init(charactersIn: "\r"))
        }
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        return nil
    }

    /// Runs `body` against the database, starting and migrating the managed cluster if needed.
    func withDatabase<T: Sendable>(logger: Logger, _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let (configuration, managed) = try resolve()
        if let managed {
            if !managed.isRunning {
                Terminal.note("starting the managed PostgreSQL in \(managed.layout.dataDirectory)")
            }
            try ManagedDurability.start(managed)
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
