import FundChainCore
import Testing

@testable import FundChainStore

/// `AuditRecord.canonicalBytes`, written member by member, against the canonical JSON of the
/// same object built as a `JSONValue` (the documented form, and how it was written before): the
/// bytes every audit flush hash covers must not change.
@Suite struct AuditRecordTests {
    static func reference(_ r: AuditRecord) -> [UInt8] {
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func int(_ i: Int64?) -> JSONValue { i.map { .int($0) } ?? .null }
        return JSONValue.object([
            "at_us": .int(r.atMicroseconds), "request_id": .string(r.requestID), "client": .string(r.client),
            "bank_code": .string(r.bankCode), "key_id": .int(r.keyID), "route": .string(r.route),
            "uscc": .string(r.uscc), "consent_ref": text(r.consentRef), "snapshot_id": int(r.snapshotID),
            "status": .int(Int64(r.status)), "consent_id": int(r.consentID), "client_cert": text(r.clientCertificate),
            "source": text(r.source),
        ]).canonicalBytes()
    }

    @Test func bytesAreTheCanonicalJSONOfTheRecord() {
        var random = SeededGenerator(seed: 5)
        let texts = [
            "", "bank-a", "CQRCB", "createScore", "91500112MA5U00001H", "quote \" and \\ backslash", "tab\tnl\ncr\r",
            "\u{0}\u{1F}\u{7F}", "重庆农商行", "🏦 emoji", "sha256:ab CN=bank-a, O=\"x\"", "2001:db8::7",
        ]
        func text() -> String { texts.randomElement(using: &random)! }
        func optionalText() -> String? { Bool.random(using: &random) ? nil : text() }
        func int() -> Int64 {
            [0, 1, -1, 42, Int64.max, Int64.min, 1_743_500_000_123_456].randomElement(using: &random)!
        }
        func optionalInt() -> Int64? { Bool.random(using: &random) ? nil : int() }
        for _ in 0..<2_000 {
            let record = AuditRecord(
                atMicroseconds: int(), requestID: text(), client: text(), bankCode: text(), keyID: int(),
                route: text(), uscc: text(), consentRef: optionalText(), snapshotID: optionalInt(),
                status: [200, 401, 403, 422, 503, -1].randomElement(using: &random)!, consentID: optionalInt(),
                clientCertificate: optionalText(), source: optionalText())
            #expect(record.canonicalBytes() == Self.reference(record), "\(record)")
        }
    }
}
