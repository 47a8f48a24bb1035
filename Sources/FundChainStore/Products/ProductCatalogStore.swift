import Foundation
import FundChainCore
import PostgresNIO

/// Versioned product catalogs in `product_catalogs` and `products` (schema.sql,
/// docs/products-format.md). The latest version is the current catalog.
public struct ProductCatalogStore: Sendable {
    public let database: Database

    /// `pg_advisory_xact_lock` key serialising catalog loads ("fundprod" in ASCII).
    static let lockKey: Int64 = 0x66756E64_70726F64

    public init(database: Database) { self.database = database }

    /// A catalog version as stored.
    public struct Version: Sendable {
        public var id: Int64
        public var sha256: String
        public var productCount: Int
        public var source: String
        public var loadedAt: Date
        /// The products, parsed and validated again from the stored file texts.
        public var catalog: ProductCatalog
    }

    /// Validates the files and stores them as a new catalog version, unless the latest version
    /// has the same SHA-256 (then nothing is written and `created` is `false`).
    ///
    /// - Throws: `ProductCatalogError` for an invalid catalog (nothing is written), or a
    ///   database error.
    /// - Complexity: one transaction; O(total file size).
    public func load(files: [(name: String, yaml: String)], source: String) async throws -> (
        version: Version, created: Bool
    ) {
        let catalog = try ProductCatalog.load(files: files)
        let bodies = Dictionary(files.map { ($0.name, $0.yaml) }, uniquingKeysWith: { first, _ in first })
        let logger = database.logger
        let (id, created) = try await database.client.withTransaction(logger: logger) { connection -> (Int64, Bool) in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            let latest = try await connection.query(
                "SELECT id, sha256 FROM product_catalogs ORDER BY id DESC LIMIT 1", logger: logger
            ).collect().first.map { try $0.decode((Int64, String).self) }
            if let latest, latest.1 == catalog.sha256 { return (latest.0, false) }
            let id = (latest?.0 ?? 0) + 1
            try await connection.query(
                """
                INSERT INTO product_catalogs (id, sha256, product_count, source)
                VALUES (\(id), \(catalog.sha256), \(catalog.products.count), \(source))
                """, logger: logger)
            for product in catalog.products {
                try await connection.query(
                    """
                    INSERT INTO products (catalog_id, product_id, name, kind, file, body)
                    VALUES (\(id), \(product.id), \(product.name), \(product.kind), \(product.file), \(bodies[product.file] ?? ""))
                    """, logger: logger)
            }
            return (id, true)
        }
        guard let version = try await version(id: id) else {
            throw StoreError(.corruptData, "product catalog \(id) vanished after it was written")
        }
        return (version, created)
    }

    /// The current (latest) catalog version, or `nil` when none was loaded.
    public func latest() async throws -> Version? {
        let id = try await database.client.query("SELECT max(id) FROM product_catalogs", logger: database.logger)
            .collect().first?.decode(Int64?.self)
        guard let id else { return nil }
        return try await version(id: id)
    }

    /// Every version, oldest first, without parsing their products.
    public func versions() async throws -> [(
        id: Int64, sha256: String, productCount: Int, source: String, loadedAt: Date
    )] {
        var out: [(id: Int64, sha256: String, productCount: Int, source: String, loadedAt: Date)] = []
        let rows = try await database.client.query(
            "SELECT id, sha256, product_count, source, loaded_at FROM product_catalogs ORDER BY id",
            logger: database.logger)
        for try await (id, sha, count, source, loadedAt) in rows.decode((Int64, String, Int, String, Date).self) {
            out.append((id, sha, count, source, loadedAt))
        }
        return out
    }

    /// One version with its products re-validated from the stored texts.
    public func version(id: Int64) async throws -> Version? {
        let head = try await database.client.query(
            "SELECT sha256, product_count, source, loaded_at FROM product_catalogs WHERE id = \(id)",
            logger: database.logger
        ).collect().first
        guard let head else { return nil }
        let (sha, count, source, loadedAt) = try head.decode((String, Int, String, Date).self)
        var files: [(name: String, yaml: String)] = []
        let rows = try await database.client.query(
            "SELECT file, body FROM products WHERE catalog_id = \(id) ORDER BY file", logger: database.logger)
        for try await (file, body) in rows.decode((String, String).self) { files.append((file, body)) }
        let catalog: ProductCatalog
        do {
            catalog = try ProductCatalog.load(files: files)
        } catch {
            throw StoreError(.corruptData, "product catalog \(id) no longer validates: \(error.message)")
        }
        guard catalog.sha256 == sha else {
            throw StoreError(.corruptData, "product catalog \(id): stored files do not hash to its sha256")
        }
        return Version(id: id, sha256: sha, productCount: count, source: source, loadedAt: loadedAt, catalog: catalog)
    }
}
