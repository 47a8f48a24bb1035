import PostgresNIO

/// The database's groups (schema.sql, docs/security.md): NOLOGIN roles that hold the grants.
/// Each job logs in as a role that is a member of exactly one of them.
public enum DatabaseGroup: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Loads statements, firms and accounts; maintains the aggregates. `fundchain ingest`.
    case ingest = "fundchain_ingest"
    /// Reads the aggregates; appends models, snapshots and batches. `fundchain build`.
    case build = "fundchain_build"
    /// Reads what it serves, checks keys and consents, appends to the audit log. `fundchain serve`.
    case service = "fundchain_service"
    /// Reads what the reports read; raises and handles warnings. `fundchain report`, `profile`, …
    case analyst = "fundchain_analyst"
    /// Reads the evidence and the audit trail. `fundchain snapshot verify`, `proof`, …
    case auditor = "fundchain_auditor"
    /// Manages API keys, consents and the product catalog. `fundchain apikey`, `consent`, `products load`.
    case admin = "fundchain_admin"

    /// Owns every object; nobody logs in as it. Migrations run as a superuser or a member of it.
    public static let owner = "fundchain_owner"

    public var description: String { rawValue }
}

/// Creates login roles for the groups (`fundchain db role create`).
public enum DatabaseRoles {
    /// Creates `name` as a login role that is a member of `group` only; for a role that exists,
    /// adds it to `group` and sets the password (so a deployment can run it at every start). The
    /// password, when given, is stored as PostgreSQL stores any (hashed with the server's
    /// `password_encryption`).
    /// Names and password reach the server as bound parameters, never in the statement text:
    /// CREATE ROLE takes no parameters, so they pass through transaction-local settings read by
    /// a DO block that quotes them with `format('%I', '%L')`. Needs CREATEROLE (or a superuser).
    public static func createLogin(_ name: String, group: DatabaseGroup, password: String?, on database: Database)
        async throws
    {
        guard !name.isEmpty, name.utf8.count <= 63 else {
            throw StoreError(.invalidInput, "a role name has 1-63 bytes, not \(name.utf8.count)")
        }
        try await database.client.withTransaction(logger: database.logger) { connection in
            try await connection.query(
                """
                SELECT set_config('fundchain.role_name', \(name), true), set_config('fundchain.role_group', \(group.rawValue), true),
                       set_config('fundchain.role_password', \(password ?? ""), true)
                """, logger: database.logger)
            try await connection.query(
                """
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_setting('fundchain.role_name')) THEN
                        EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I',
                                       current_setting('fundchain.role_name'), current_setting('fundchain.role_group'));
                    ELSE
                        EXECUTE format('GRANT %I TO %I',
                                       current_setting('fundchain.role_group'), current_setting('fundchain.role_name'));
                    END IF;
                    IF current_setting('fundchain.role_password') <> '' THEN
                        EXECUTE format('ALTER ROLE %I PASSWORD %L',
                                       current_setting('fundchain.role_name'), current_setting('fundchain.role_password'));
                    END IF;
                END;
                $$
                """, logger: database.logger)
            // Not left readable in the session for the rest of the transaction's life.
            try await connection.query(
                "SELECT set_config('fundchain.role_password', '', true)", logger: database.logger)
        }
    }

    /// Drops a login role made by `createLogin` (it owns nothing, so nothing else goes).
    public static func dropLogin(_ name: String, on database: Database) async throws {
        try await database.client.withTransaction(logger: database.logger) { connection in
            try await connection.query(
                "SELECT set_config('fundchain.role_name', \(name), true)", logger: database.logger)
            try await connection.query(
                """
                DO $$
                BEGIN
                    EXECUTE format('DROP ROLE IF EXISTS %I', current_setting('fundchain.role_name'));
                END;
                $$
                """, logger: database.logger)
        }
    }
}
