import Foundation
import FundChainStore
import Logging
import PostgresNIO

/// Runs `body` against a new, migrated database of its own on `cluster` (default: the shared
/// test cluster), dropped afterwards.
///
/// The database is a copy of the cluster's template database (`CREATE DATABASE … TEMPLATE`),
/// migrated once per process, instead of being migrated for every test: a copy takes a few
/// milliseconds, applying schema.sql most of a second.
package func withTestDatabase(
    on cluster: LocalCluster? = nil, _ body: @Sendable (Database) async throws -> Void
) async throws {
    let cluster = try cluster ?? TestCluster.started.get()
    let logger = TestCluster.logger
    let template = try await TemplateDatabases.shared.template(for: cluster)
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    try await TemplateDatabases.copy(template, to: String(name), on: cluster)
    var configuration = cluster.configuration
    configuration.database = String(name)
    do {
        try await Database.with(configuration, logger: logger, body)
    } catch {
        try? await LocalDatabase.dropDatabase(cluster, name: String(name), logger: logger)
        throw error
    }
    try await LocalDatabase.dropDatabase(cluster, name: String(name), logger: logger)
}

/// The migrated template database of each cluster the tests use: made (or brought up to date)
/// once per process and cluster, then copied for every test.
///
/// Named after the schema's hash, so that a developer's long-lived test cluster keeps one
/// template per schema and never copies a stale one. Group roles are cluster-wide: the
/// template's migration creates them once, and the copies share them.
actor TemplateDatabases {
    static let shared = TemplateDatabases()

    /// By data directory: the template's name once migrated (a task, so that tests asking at the
    /// same time wait for the one migration instead of each starting another).
    private var templates: [String: Task<String, any Error>] = [:]

    func template(for cluster: LocalCluster) async throws -> String {
        let key = cluster.layout.dataDirectory
        if let task = templates[key] { return try await task.value }
        let task = Task { try await Self.prepare(cluster) }
        templates[key] = task
        return try await task.value
    }

    /// Creates the template if it is missing and migrates it (a no-op when this schema is
    /// already applied); the migration's connections are closed when this returns.
    static func prepare(_ cluster: LocalCluster) async throws -> String {
        let migrator = Migrator()
        let name = "fundchain_template_" + migrator.sha256.prefix(12)
        let logger = TestCluster.logger
        try await LocalDatabase.ensureDatabase(cluster, name: name, logger: logger)
        var configuration = cluster.configuration
        configuration.database = name
        try await Database.with(configuration, logger: logger) { database in
            if try await !migrator.isApplied(database) { _ = try await migrator.migrate(database) }
        }
        return name
    }

    /// `CREATE DATABASE name TEMPLATE template`. PostgreSQL refuses to copy a database while
    /// another session is connected to it (SQLSTATE 55006, after waiting 5 s for it to leave):
    /// the template's migration just closed, or another process is migrating it. Tried again
    /// then, for up to a minute.
    static func copy(_ template: String, to name: String, on cluster: LocalCluster) async throws {
        var admin = cluster.configuration
        admin.database = "postgres"
        try await Database.with(admin, logger: TestCluster.logger) { database in
            // Both names are ours (letters, digits, underscores); quoted as identifiers anyway.
            let statement = "CREATE DATABASE \"\(name)\" TEMPLATE \"\(template)\""
            for attempt in 1... {
                do {
                    try await database.client.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                    return
                } catch  where Database.sqlState(error) == "55006" && attempt < 12 {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }
}
