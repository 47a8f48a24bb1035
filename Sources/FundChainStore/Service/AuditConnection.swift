import Logging
import PostgresNIO

/// The audit writer's own connection to PostgreSQL, outside the pool (`AuditStore.connect`): the
/// scoring service's writer holds one for as long as it works and sends each flush on it as one
/// prepared statement, with no lease from the pool per flush. Measured under Benchmarks/server
/// against the pool's `execute` inside a per-flush deadline (docs/server.md): a flush's round
/// trip ~0.97 → ~0.70 ms, scores +13 %.
///
/// The session runs with `client_connection_check_interval`, so that a flush the writer gave up
/// on (its watchdog closes the connection after the audit timeout) is rolled back by PostgreSQL
/// when it notices the client is gone, instead of committing whenever the lock or I/O it waited
/// for is released. A commit already under way can still complete; the writer then starts a new
/// chain, as after any flush whose outcome it does not know.
public struct AuditConnection: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// How often the server checks that the writer is still connected during a statement.
    static let connectionCheckMilliseconds = 100

    static func open(_ database: Database) async throws -> AuditConnection {
        var configuration = try database.configuration.connectionConfiguration()
        configuration.options.additionalStartupParameters.append(
            ("client_connection_check_interval", "\(connectionCheckMilliseconds)"))
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 0, logger: database.logger)
        // Opened just as the caller gave up (its deadline): closed, not left open unowned.
        if Task.isCancelled {
            try? await connection.close()
            throw CancellationError()
        }
        return AuditConnection(connection: connection, logger: database.logger)
    }

    /// Inserts `rows` with their chain link (`AuditStore.InsertRows`: one statement, one commit).
    public func insert(_ rows: [AuditStore.Row], link: AuditChainCursor.Link) async throws {
        try await Self.insert(rows, link: link, on: connection, logger: logger)
    }

    /// Returns once PostgreSQL has answered the statement. Its (empty) rows are drained rather
    /// than its command tag read: PostgresNIO 1.33.2's `execute` returning the tag traps on a
    /// statement that returns no rows (the tag is read before its row stream is consumed).
    static func insert(
        _ rows: [AuditStore.Row], link: AuditChainCursor.Link, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !rows.isEmpty else { return }
        for try await _ in try await connection.execute(AuditStore.InsertRows(rows, link: link), logger: logger) {}
    }

    /// Whether the connection has closed (the server went away, or `close()`).
    public var isClosed: Bool { connection.isClosed }

    /// Closes the connection now, failing a flush in flight; callable from any task (the
    /// writer's watchdog). Returns at once.
    public func close() {
        let _: EventLoopFuture<Void> = connection.close()
    }

    /// Closes the connection and waits until it is closed.
    public func closeAndWait() async {
        try? await connection.close()
    }
}
