import Foundation
import PostgresNIO

/// The `api_keys` table of the scoring service (schema.sql, docs/server.md). Stores only each
/// key's SHA-256 and its non-secret prefix; the key itself is never stored.
public struct APIKeyStore: Sendable {
    public let database: Database

    /// Announced on revocation (and creation), so a running server refreshes its key cache at once.
    public static let channel = "fundchain_api_keys"

    public init(database: Database) { self.database = database }

    /// A key as stored (without the secret).
    public struct Record: Sendable, Equatable {
        public var id: Int64
        public var client: String
        public var bankCode: String
        public var scopes: [String]
        public var prefix: String
        /// Lowercase hex SHA-256 of the whole key.
        public var keySHA256: String
        public var createdAt: Date
        public var revokedAt: Date?

        public init(
            id: Int64, client: String, bankCode: String, scopes: [String], prefix: String, keySHA256: String,
            createdAt: Date, revokedAt: Date?
        ) {
            self.id = id
            self.client = client
            self.bankCode = bankCode
            self.scopes = scopes
            self.prefix = prefix
            self.keySHA256 = keySHA256
            self.createdAt = createdAt
            self.revokedAt = revokedAt
        }
    }

    /// Stores a new key's hash and returns its row.
    public func create(client: String, bankCode: String, scopes: [String], prefix: String, keySHA256: String)
        async throws -> Record
    {
        let rows = try await database.client.query(
            """
            INSERT INTO api_keys (client, bank_code, scopes, prefix, key_sha256)
            VALUES (\(client), \(bankCode), \(scopes), \(prefix), \(keySHA256))
            RETURNING \(unescaped: Self.columns)
            """, logger: database.logger)
        guard let record = try await Self.records(rows).first else {
            throw StoreError(.corruptData, "api_keys: INSERT returned no row")
        }
        try await database.client.query(
            "SELECT pg_notify(\(Self.channel), \(String(record.id)))", logger: database.logger)
        return record
    }

    /// Every key, revoked ones included, by id.
    public func all() async throws -> [Record] {
        try await Self.records(
            database.client.query(
                "SELECT \(unescaped: Self.columns) FROM api_keys ORDER BY id", logger: database.logger))
    }

    /// Revokes key `id`; returns its row, or `nil` when there is no such key. Revoking twice
    /// keeps the first revocation time.
    public func revoke(id: Int64) async throws -> Record? {
        let rows = try await database.client.query(
            """
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = \(id)
            RETURNING \(unescaped: Self.columns)
            """, logger: database.logger)
        guard let record = try await Self.records(rows).first else { return nil }
        try await database.client.query("SELECT pg_notify(\(Self.channel), \(String(id)))", logger: database.logger)
        return record
    }

    static let columns = "id, client, bank_code, scopes, prefix, key_sha256, created_at, revoked_at"

    static func records(_ rows: PostgresRowSequence) async throws -> [Record] {
        var out: [Record] = []
        for try await (id, client, bank, scopes, prefix, hash, created, revoked) in rows.decode(
            (Int64, String, String, [String], String, String, Date, Date?).self)
        {
            out.append(
                Record(
                    id: id, client: client, bankCode: bank, scopes: scopes, prefix: prefix, keySHA256: hash,
                    createdAt: created, revokedAt: revoked))
        }
        return out
    }
}
