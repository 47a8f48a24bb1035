import Crypto
import FundChainCore
import Logging
import PostgresNIO

/// Applies `schema.sql` (compiled in) to the database, idempotently, and records its version.
public struct Migrator: Sendable {
    public struct Result: Sendable, Equatable {
        public var version: Int
        public var sha256: String
        public var statements: Int
        /// `false` when this version with this exact text was already recorded.
        public var changed: Bool
    }

    public let schema: String

    /// The schema compiled into this binary (schema.sql at the repository root).
    public init() { self.schema = EmbeddedSchema.sql }

    public init(schema: String) { self.schema = schema }

    /// The version declared on the schema's `-- fundchain:schema-version N` line.
    public var version: Int {
        for line in schema.split(separator: "\n") where line.hasPrefix("-- fundchain:schema-version ") {
            if let v = Int(line.dropFirst("-- fundchain:schema-version ".count)) { return v }
        }
        return 0
    }

    public var sha256: String { Hex.encode(SHA256.hash(data: Array(schema.utf8))) }

    /// The schema's parts, split at its `-- fundchain:commit` lines: each but the last commits on
    /// its own (the roles, which Citus must see committed on every node before it connects as them).
    var parts: [String] {
        var parts: [String] = []
        var current: [Substring] = []
        for line in schema.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == Self.commitMarker {
                parts.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        parts.append(current.joined(separator: "\n"))
        return parts
    }

    static let commitMarker = "-- fundchain:commit"

    /// Applies the schema, serialised against concurrent migrations by an advisory lock: each part
    /// before a `-- fundchain:commit` line in a transaction of its own, then the rest in one
    /// transaction that also records (version, sha256).
    public func migrate(_ database: Database) async throws -> Result {
        let parts = self.parts
        let version = self.version
        let sha = self.sha256
        do {
            var count = 0
            for part in parts.dropLast() {
                let statements = SQLScript.statements(part)
                count += statements.count
                try await database.client.withTransaction(logger: database.logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: database.logger)
                    for statement in statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                    }
                }
            }
            let statements = SQLScript.statements(parts.last ?? "")
            let total = count + statements.count
            return try await database.client.withTransaction(logger: database.logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: database.logger)
                var previous: String?
                if try await connection.query(
                    "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: database.logger
                )
                .collect().first?.decode(Bool.self) == true {
                    previous = try await connection.query(
                        "SELECT sha256 FROM schema_migrations WHERE version = \(version)", logger: database.logger
                    ).collect().first?.decode(String.self)
                }
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                }
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (version, sha256) VALUES (\(version), \(sha))
                    ON CONFLICT (version) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = EXCLUDED.applied_at
                    WHERE schema_migrations.sha256 <> EXCLUDED.sha256
                    """, logger: database.logger)
                return Result(version: version, sha256: sha, statements: total, changed: previous != sha)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.migrationFailed, "migration failed: \(Database.describe(error))")
        }
    }

    /// The schema version recorded in the database, or `nil` before the first migration.
    public static func appliedVersion(_ database: Database) async throws -> Int? {
        let exists = try await database.client.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: database.logger
        ).collect().first!.decode(Bool.self)
        guard exists else { return nil }
        return try await database.client.query("SELECT max(version) FROM schema_migrations", logger: database.logger)
            .collect().first!.decode(Int?.self)
    }

    /// `true` when this exact schema (version and text) is what the database last recorded, so
    /// migrating would change nothing.
    public func isApplied(_ database: Database) async throws -> Bool {
        let exists = try await database.client.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: database.logger
        ).collect().first!.decode(Bool.self)
        guard exists else { return false }
        let recorded = try await database.client.query(
            "SELECT sha256 FROM schema_migrations WHERE version = \(version)", logger: database.logger
        ).collect().first?.decode(String.self)
        return recorded == sha256
    }

    /// `pg_advisory_xact_lock` key for migrations ("fundchain" in ASCII, truncated).
    static let lockKey: Int64 = 0x66756E64_63686169
}
