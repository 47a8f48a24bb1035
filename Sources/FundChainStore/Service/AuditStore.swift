import Foundation
import FundChainCore
import PostgresNIO

/// The `audit_log` table of the scoring service (schema.sql): one row per authenticated request
/// that touches a firm. Append-only.
public struct AuditStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public struct Row: Sendable, Equatable {
        public var at: Date
        public var requestID: String
        public var client: String
        public var bankCode: String
        public var keyID: Int64
        /// The OpenAPI operation id.
        public var route: String
        /// The firm as requested (at most 64 characters kept); empty when the request named none.
        public var uscc: String
        public var consentRef: String?
        public var snapshotID: Int64?
        public var status: Int
        /// The consent (`consents.id`) the answer was given under; `nil` when none was found.
        public var consentID: Int64?
        /// Under mutual TLS, the caller's client certificate: `sha256:<hex> <subject>`.
        public var clientCertificate: String?
        /// The caller's IP address as the server saw it; `nil` when unknown.
        public var source: String?

        public init(
            at: Date, requestID: String, client: String, bankCode: String, keyID: Int64, route: String, uscc: String,
            consentRef: String?, snapshotID: Int64?, status: Int, consentID: Int64? = nil,
            clientCertificate: String? = nil, source: String? = nil
        ) {
            self.at = at
            self.requestID = requestID
            self.client = client
            self.bankCode = bankCode
            self.keyID = keyID
            self.route = route
            self.uscc = uscc
            self.consentRef = consentRef
            self.snapshotID = snapshotID
            self.status = status
            self.consentID = consentID
            self.clientCertificate = clientCertificate
            self.source = source
        }
    }

    /// Inserts `rows` as the first flush of a chain of their own (`insert(_:link:)`).
    public func insert(_ rows: [Row]) async throws {
        try await insert(rows, link: AuditChainCursor().link(rows))
    }

    /// Inserts `rows` and their audit chain link (`AuditChainCursor.link`) in one statement (one
    /// round trip, one commit): arrays bound as parameters and unnested, so the statement text is
    /// the same whatever the batch size; the link goes in through a data-modifying CTE.
    /// - Complexity: O(rows).
    public func insert(_ rows: [Row], link: AuditChainCursor.Link) async throws {
        guard !rows.isEmpty else { return }
        try await database.client.withConnection { connection in
            try await AuditConnection.insert(rows, link: link, on: connection, logger: database.logger)
        }
    }

    /// A connection of its own for a writer that flushes continuously (`AuditConnection`).
    public func connect() async throws -> AuditConnection {
        try await AuditConnection.open(database)
    }

    /// The batch INSERT, prepared once per connection: the server plans it once instead of for
    /// every batch (PostgreSQL's CPU per audit row fell from ~70 to ~57 µs under Benchmarks/server).
    /// `at` goes in as microseconds since 1970 (what the chain hashes), exactly.
    struct InsertRows: PostgresPreparedStatement {
        static let sql = """
            WITH link AS (
                INSERT INTO audit_chain (chain_id, seq, prev_hash, hash, row_count) VALUES ($13, $14, nullif($15, ''), $16, $17)
            )
            INSERT INTO audit_log (at, request_id, client, bank_code, key_id, route, uscc, consent_ref, snapshot_id, status,
                consent_id, client_cert, chain_id, chain_seq, source)
            SELECT timestamptz 'epoch' + a * interval '1 microsecond', r, c, b, k, ro, u, nullif(co, ''), nullif(s, 0), st,
                nullif(ci, 0), nullif(cc, ''), $13, $14, nullif(so, '')
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
                $8::text[], $9::bigint[], $10::smallint[], $11::bigint[], $12::text[], $18::text[])
                AS t (a, r, c, b, k, ro, u, co, s, st, ci, cc, so)
            """
        typealias Row = Void

        let rows: [AuditStore.Row]
        let link: AuditChainCursor.Link
        init(_ rows: [AuditStore.Row], link: AuditChainCursor.Link) {
            self.rows = rows
            self.link = link
        }

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 18)
            bindings.append(rows.map { AuditRecord.microseconds($0.at) })
            bindings.append(rows.map(\.requestID))
            bindings.append(rows.map(\.client))
            bindings.append(rows.map(\.bankCode))
            bindings.append(rows.map(\.keyID))
            bindings.append(rows.map(\.route))
            bindings.append(rows.map(\.uscc))
            // PostgresNIO binds no arrays of optionals: '' and 0 stand for NULL and are turned back by nullif.
            bindings.append(rows.map { $0.consentRef ?? "" })
            bindings.append(rows.map { $0.snapshotID ?? 0 })
            bindings.append(rows.map { Int16(clamping: $0.status) })
            bindings.append(rows.map { $0.consentID ?? 0 })
            bindings.append(rows.map { $0.clientCertificate ?? "" })
            bindings.append(link.chainID)
            bindings.append(link.seq)
            bindings.append(link.previousHash ?? "")
            bindings.append(link.hash)
            bindings.append(Int32(rows.count))
            bindings.append(rows.map { $0.source ?? "" })
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws {}
    }

    /// Rows written, optionally only those of one firm.
    public func count(uscc: String? = nil) async throws -> Int {
        let rows =
            if let uscc {
                try await database.client.query(
                    "SELECT count(*) FROM audit_log WHERE uscc = \(uscc)", logger: database.logger)
            } else {
                try await database.client.query("SELECT count(*) FROM audit_log", logger: database.logger)
            }
        for try await n in rows.decode(Int.self) { return n }
        return 0
    }
}
