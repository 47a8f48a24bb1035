import Foundation
import FundChainCore
import FundChainIngest
import PostgresNIO

/// The `consents` table (schema.sql, docs/security.md): firms' authorisations for banks to query
/// them. Rows are never deleted; a revocation sets `revoked_at` once. Every write NOTIFYs
/// `channel` (a trigger does, so plain SQL counts too).
public struct ConsentStore: Sendable {
    public let database: Database

    /// Announced by the table's trigger on every insert and revocation.
    public static let channel = "fundchain_consents"

    public init(database: Database) { self.database = database }

    /// A consent as stored.
    public struct Record: Sendable, Equatable {
        public var consent: Consent
        public var revokedAt: Date?
        public var recordedAt: Date
        /// The import run that loaded it; `nil` for `fundchain consent grant`.
        public var runID: Int64?
    }

    /// Records a consent. Returns the stored row and whether it is new: the same
    /// (firm, bank, purpose, reference) again returns the existing row unchanged.
    public func grant(_ row: ConsentRow) async throws -> (record: Record, created: Bool) {
        // RETURNING the id only, and the row read back by it: Citus (consents is a reference
        // table there) takes no expression but plain columns in RETURNING (`granted_at::text`).
        let inserted = try await database.client.query(
            """
            INSERT INTO consents (uscc, bank_code, purpose, reference, granted_at, expires_at)
            VALUES (\(row.uscc.code), \(row.bankCode), \(row.purpose.rawValue), \(row.reference),
                    \(row.grantedOn.description)::date, \(row.expiresOn?.description)::date)
            ON CONFLICT (uscc, bank_code, purpose, reference) DO NOTHING
            RETURNING id
            """, logger: database.logger
        ).collect().map { try $0.decode(Int64.self) }
        if let record = try await records(ids: inserted).first { return (record, true) }
        let existing = try await Self.records(
            database.client.query(
                """
                SELECT \(unescaped: Self.columns) FROM consents
                WHERE uscc = \(row.uscc.code) AND bank_code = \(row.bankCode) AND purpose = \(row.purpose.rawValue)
                  AND reference = \(row.reference)
                """, logger: database.logger))
        guard let record = existing.first else {
            throw StoreError(.corruptData, "consents: a conflicting row vanished")
        }
        return (record, false)
    }

    /// Revokes every live consent with `reference` (of one bank when `bankCode` is given).
    /// Returns the consents revoked now; already revoked ones keep their first revocation time.
    public func revoke(reference: String, bankCode: String? = nil) async throws -> [Record] {
        let revoked = try await database.client.query(
            """
            UPDATE consents SET revoked_at = now()
            WHERE reference = \(reference) AND revoked_at IS NULL
              AND (\(bankCode)::text IS NULL OR bank_code = \(bankCode))
            RETURNING id
            """, logger: database.logger
        ).collect().map { try $0.decode(Int64.self) }
        return try await records(ids: revoked)
    }

    /// The consents with these ids, by id (rows are never deleted, so all of them).
    func records(ids: [Int64]) async throws -> [Record] {
        guard !ids.isEmpty else { return [] }
        return try await Self.records(
            database.client.query(
                "SELECT \(unescaped: Self.columns) FROM consents WHERE id = ANY(\(ids)::int8[]) ORDER BY id",
                logger: database.logger))
    }

    /// Every consent (revoked and expired ones too), optionally of one firm or bank, by id.
    public func list(uscc: String? = nil, bankCode: String? = nil) async throws -> [Record] {
        try await Self.records(
            database.client.query(
                """
                SELECT \(unescaped: Self.columns) FROM consents
                WHERE (\(uscc)::text IS NULL OR uscc = \(uscc)) AND (\(bankCode)::text IS NULL OR bank_code = \(bankCode))
                ORDER BY id
                """, logger: database.logger))
    }

    /// The consents that can hold on `day` or later: not revoked and not expired by `day`.
    /// - Complexity: one scan of `consents`.
    public func current(on day: CalendarDate) async throws -> [Consent] {
        try await Self.records(
            database.client.query(
                """
                SELECT \(unescaped: Self.columns) FROM consents
                WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > \(day.description)::date)
                """, logger: database.logger)
        ).map(\.consent)
    }

    /// Changes whenever a consent is added or revoked: (largest id, latest write). Two index
    /// probes, so a server can ask every second.
    public struct Marker: Sendable, Equatable {
        public var maxID: Int64?
        public var lastChange: Date?
    }

    public func marker() async throws -> Marker {
        let rows = try await database.client.query(
            "SELECT max(id), max(changed_at) FROM consents", logger: database.logger)
        for try await (id, changed) in rows.decode((Int64?, Date?).self) {
            return Marker(maxID: id, lastChange: changed)
        }
        return Marker()
    }

    static let columns =
        "id, uscc, bank_code, purpose, reference, granted_at::text, expires_at::text, revoked_at, recorded_at, run_id"

    static func records(_ rows: PostgresRowSequence) async throws -> [Record] {
        var out: [Record] = []
        for try await (id, uscc, bank, purpose, reference, granted, expires, revoked, recorded, run) in rows.decode(
            (Int64, String, String, String, String, String, String?, Date?, Date, Int64?).self)
        {
            guard let purpose = ConsentPurpose(rawValue: purpose), let grantedOn = try? CalendarDate(parsing: granted)
            else { throw StoreError(.corruptData, "consents: row \(id) has an unknown purpose or date") }
            let consent = Consent(
                id: id, uscc: uscc, bankCode: bank, purpose: purpose, reference: reference, grantedOn: grantedOn,
                expiresOn: expires.flatMap { try? CalendarDate(parsing: $0) }, isRevoked: revoked != nil)
            out.append(Record(consent: consent, revokedAt: revoked, recordedAt: recorded, runID: run))
        }
        return out
    }
}
