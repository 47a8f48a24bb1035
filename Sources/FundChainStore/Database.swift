import Logging
import PostgresNIO

/// A running connection pool to FundChain's database, for the lifetime of a closure.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    public let configuration: DatabaseConfiguration

    /// Runs `body` with a connected pool and shuts the pool down afterwards, whatever happens.
    @discardableResult
    public static func with<T: Sendable>(
        _ configuration: DatabaseConfiguration, logger: Logger,
        _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        // The pool's own chatter (e.g. a lease racing `run()` at start-up) is not the user's concern.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        try configuration.checkTLSFiles()
        do {
            try await probe(configuration, logger: background)
        } catch {
            throw StoreError(.connectionFailed, "cannot connect to \(configuration.url()): \(Database.describe(error))")
        }
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: background)
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = Database(client: client, logger: logger, configuration: configuration)
            do {
                try await database.ping()
            } catch {
                throw StoreError(
                    .connectionFailed, "cannot connect to \(configuration.url()): \(Database.describe(error))")
            }
            return try await body(database)
        }
    }

    /// Opens and closes one connection outside the pool, so that a server that cannot be reached,
    /// refuses the TLS handshake or the login fails at once with its reason: the pool would retry
    /// for a minute (PostgresNIO 1.33.2's circuit breaker) before failing the first query.
    static func probe(_ configuration: DatabaseConfiguration, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try configuration.connectionConfiguration(), id: 0, logger: logger)
        try? await connection.close()
    }

    func ping() async throws {
        try await client.query("SELECT 1", logger: logger)
    }

    /// A user-safe description of a database error: the server's message, never the SQL text.
    public static func describe(_ error: any Error) -> String {
        let error = unwrapped(error)
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                let detail = psql.serverInfo?[.detail].map { " (\($0))" } ?? ""
                return message + detail
            }
            if let underlying = psql.underlying { return String(describing: underlying) }
            return "\(psql.code)"
        }
        return String(describing: error)
    }

    /// Whether `error` is a unique-key violation (23505). Citus reports one met by a COPY on a
    /// worker with the worker's message but as an internal error (XX000: its ReportCopyError keeps
    /// no SQLSTATE), so that form counts too.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        switch sqlState(error) {
        case "23505": return true
        case "XX000": return describe(error).hasPrefix("duplicate key value violates unique constraint")
        default: return false
        }
    }

    /// The SQLSTATE of a server error, if `error` is one.
    public static func sqlState(_ error: any Error) -> String? {
        (unwrapped(error) as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The error inside a `withTransaction` failure (of its body, or of BEGIN or COMMIT).
    static func unwrapped(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError,
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError
        else { return error }
        return unwrapped(inner)
    }
}
