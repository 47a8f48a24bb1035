import Foundation
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

        public init(
            at: Date, requestID: String, client: String, bankCode: String, keyID: Int64, route: String, uscc: String,
            consentRef: String?, snapshotID: Int64?, status: Int
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
        }
    }

    /// Inserts `rows` in one statement (one round trip, one commit): arrays bound as parameters
    /// and unnested, so the statement text is the same whatever the batch size.
    /// - Complexity: O(rows).
    public func insert(_ rows: [Row]) async throws {
        guard !rows.isEmpty else { return }
        let at = rows.map(\.at)
        let requestIDs = rows.map(\.requestID)
        let clients = rows.map(\.client)
        let banks = rows.map(\.bankCode)
        let keys = rows.map(\.keyID)
        let routes = rows.map(\.route)
        let firms = rows.map(\.uscc)
        // PostgresNIO binds no arrays of optionals: '' and 0 stand for NULL and are turned back by nullif.
        let consents = rows.map { $0.consentRef ?? "" }
        let snapshots = rows.map { $0.snapshotID ?? 0 }
        let statuses = rows.map { Int16(clamping: $0.status) }
        try await database.client.query(
            """
            INSERT INTO audit_log (at, request_id, client, bank_code, key_id, route, uscc, consent_ref, snapshot_id, status)
            SELECT a, r, c, b, k, ro, u, nullif(co, ''), nullif(s, 0), st
            FROM unnest(\(at)::timestamptz[], \(requestIDs)::text[], \(clients)::text[], \(banks)::text[],
                \(keys)::bigint[], \(routes)::text[], \(firms)::text[], \(consents)::text[], \(snapshots)::bigint[],
                \(statuses)::smallint[]) AS t (a, r, c, b, k, ro, u, co, s, st)
            """, logger: database.logger)
    }

    /// Rows written, optionally only those of one firm.
    public func count(uscc: String? = nil) async throws -> Int {
        let rows =
            if let uscc {
                try await database.client.query("SELECT count(*) FROM audit_log WHERE uscc = \(uscc)", logger: database.logger)
            } else {
                try await database.client.query("SELECT count(*) FROM audit_log", logger: database.logger)
            }
        for try await n in rows.decode(Int.self) { return n }
        return 0
    }
}
