import Logging
import PostgresNIO

/// Creates the `fundchain` database in the managed cluster on first use.
public enum LocalDatabase {
    public static func ensureDatabase(_ cluster: LocalCluster, name: String = LocalCluster.databaseName, logger: Logger)
        async throws
    {
        var admin = cluster.configuration
        admin.database = "postgres"
        try await Database.with(admin, logger: logger) { database in
            let exists =
                try await database.client.query(
                    "SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger
                ).collect().count > 0
            guard !exists else { return }
            do {
                // CREATE DATABASE takes no bind parameters; the name is quoted as an identifier.
                try await database.client.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(quoteIdentifier(name))"), logger: logger)
            } catch  where Database.sqlState(error) == "42P04" {
                // duplicate_database: created concurrently.
            }
        }
    }

    /// Drops a database (tests use one database per test).
    public static func dropDatabase(_ cluster: LocalCluster, name: String, logger: Logger) async throws {
        var admin = cluster.configuration
        admin.database = "postgres"
        try await Database.with(admin, logger: logger) { database in
            try await database.client.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)"),
                logger: logger)
        }
    }

    /// The mode the running cluster is in, read from the server's own settings (so a cluster
    /// started by an older version, or by hand, is reported as it really runs).
    public static func durability(_ cluster: LocalCluster, logger: Logger) async throws -> LocalCluster.Durability {
        var admin = cluster.configuration
        admin.database = "postgres"
        return try await Database.with(admin, logger: logger) { database in
            var settings: [String: String] = [:]
            let rows = try await database.client.query(
                "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')",
                logger: logger)
            for try await (name, setting) in rows.decode((String, String).self) { settings[name] = setting }
            return LocalCluster.Durability(
                fsync: settings["fsync"] ?? "", synchronousCommit: settings["synchronous_commit"] ?? "",
                fullPageWrites: settings["full_page_writes"] ?? "")
        }
    }

    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
