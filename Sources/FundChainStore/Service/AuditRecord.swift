import Foundation
import FundChainCore

/// An `audit_log` row as stored, in the form the audit chain hashes (docs/security.md, "Signed
/// checkpoints"): every column but the chain's own, NULLs as stored. Its canonical encoding is
/// the canonical JSON of
///
///     {"at_us":…,"bank_code":…,"client":…,"client_cert":…|null,"consent_id":…|null,
///      "consent_ref":…|null,"key_id":…,"request_id":…,"route":…,"snapshot_id":…|null,
///      "source":…|null,"status":…,"uscc":…}
///
/// with `at_us` the timestamp in microseconds since 1970-01-01 UTC (PostgreSQL's resolution).
public struct AuditRecord: Sendable, Hashable {
    public var atMicroseconds: Int64
    public var requestID: String
    public var client: String
    public var bankCode: String
    public var keyID: Int64
    public var route: String
    public var uscc: String
    public var consentRef: String?
    public var snapshotID: Int64?
    public var status: Int
    public var consentID: Int64?
    public var clientCertificate: String?
    public var source: String?

    public init(
        atMicroseconds: Int64, requestID: String, client: String, bankCode: String, keyID: Int64, route: String,
        uscc: String, consentRef: String?, snapshotID: Int64?, status: Int, consentID: Int64?,
        clientCertificate: String?,
        source: String?
    ) {
        self.atMicroseconds = atMicroseconds
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

    /// The row as `AuditStore.insert` stores it ('' and 0 become NULL, the status a smallint).
    public init(_ row: AuditStore.Row) {
        self.init(
            atMicroseconds: Self.microseconds(row.at), requestID: row.requestID, client: row.client,
            bankCode: row.bankCode,
            keyID: row.keyID, route: row.route, uscc: row.uscc,
            consentRef: row.consentRef.flatMap { $0.isEmpty ? nil : $0 },
            snapshotID: row.snapshotID.flatMap { $0 == 0 ? nil : $0 }, status: Int(Int16(clamping: row.status)),
            consentID: row.consentID.flatMap { $0 == 0 ? nil : $0 },
            clientCertificate: row.clientCertificate.flatMap { $0.isEmpty ? nil : $0 },
            source: row.source.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `date` in whole microseconds since 1970-01-01 UTC, rounded to the nearest.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The bytes the flush hash covers: the canonical JSON above, written member by member in
    /// its sorted key order (the audit writer hashes every row it flushes; building a
    /// `JSONValue` object and sorting its keys for each was ~2 % of a score's server CPU).
    /// `AuditRecordTests` checks it against `JSONValue.canonicalBytes` of the same object.
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        func member(_ key: StaticString, _ value: JSONValue) {
            out.append(out.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
            value.writeCanonical(into: &out)
        }
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func int(_ i: Int64?) -> JSONValue { i.map { .int($0) } ?? .null }
        // In UTF-8 byte order of the keys, as `JSONValue.canonicalBytes` sorts them.
        member("at_us", .int(atMicroseconds))
        member("bank_code", .string(bankCode))
        member("client", .string(client))
        member("client_cert", text(clientCertificate))
        member("consent_id", int(consentID))
        member("consent_ref", text(consentRef))
        member("key_id", .int(keyID))
        member("request_id", .string(requestID))
        member("route", .string(route))
        member("snapshot_id", int(snapshotID))
        member("source", text(source))
        member("status", .int(Int64(status)))
        member("uscc", .string(uscc))
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// How a problem names the row: its request id, firm and time (no account numbers).
    public var name: String { "audit row \(requestID) (firm '\(uscc)', at_us \(atMicroseconds))" }
}
