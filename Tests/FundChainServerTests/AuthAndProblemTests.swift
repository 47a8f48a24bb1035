import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import FundChainServer

/// API keys (401/403, revocation), the per-key rate limit (429), and RFC 9457 answers to bad input.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct AuthAndProblemTests {
    @Test(arguments: [UInt64(21)])
    func keysAndScopes(seed: UInt64) async throws {
        try await Region.with(firms: 60, seed: seed) { region in
            let scorer = try await region.key(client: "scorer", scopes: ["score"])
            let auditor = try await region.key(client: "auditor", scopes: ["snapshot"])
            let firm = try #require(region.firms.first)
            let body = #"{"uscc":"\#(firm)","consent_ref":"c"}"#
            let first = try #require(try await SnapshotStore(database: region.database).snapshot(id: 1))
            try await region.grant(Array(Set([firm, first.uscc]))) { _ in "c" }
            try await region.withServer { client in
                // No key, not a bearer key, a malformed key, an unknown key, a known prefix with a wrong secret.
                try await client.execute(.post, "/v1/scores", json: body).expectProblem("unauthorized", 401)
                #expect(try await client.execute(.post, "/v1/scores", json: body).headers[.wwwAuthenticate] == "Bearer")
                try await client.execute(
                    .post, "/v1/scores", headers: [.authorization: "Basic \(scorer.text)"], json: body
                ).expectProblem("unauthorized", 401)
                try await client.execute(.post, "/v1/scores", key: "fc_nothex_x", json: body).expectProblem(
                    "unauthorized", 401)
                try await client.execute(.post, "/v1/scores", key: APIKey.generate().text, json: body)
                    .expectProblem("unauthorized", 401)
                let wrongSecret = String(scorer.text.dropLast(4)) + (scorer.text.hasSuffix("0000") ? "1111" : "0000")
                try await client.execute(.post, "/v1/scores", key: wrongSecret, json: body).expectProblem(
                    "unauthorized", 401)

                // Scopes: score opens scores and products, not profiles or snapshots; snapshot only snapshots.
                #expect(try await client.execute(.post, "/v1/scores", key: scorer.text, json: body).status == .ok)
                #expect(
                    try await client.execute(.get, "/v1/firms/\(firm)/products?consent_ref=c", key: scorer.text).status
                        == .ok)
                try await client.execute(.get, "/v1/firms/\(firm)/profile?consent_ref=c", key: scorer.text)
                    .expectProblem("forbidden", 403)
                try await client.execute(.get, "/v1/snapshots/1?consent_ref=c", key: scorer.text).expectProblem(
                    "forbidden", 403)
                try await client.execute(.post, "/v1/scores", key: auditor.text, json: body).expectProblem(
                    "forbidden", 403)
                #expect(
                    try await client.execute(.get, "/v1/snapshots/1?consent_ref=c", key: auditor.text).status == .ok)

                // Revoked: refused once the server has heard of it (NOTIFY, else the next probe).
                _ = try await APIKeyStore(database: region.database).revoke(id: scorer.id)
                var status = HTTPResponse.Status.ok
                for _ in 0..<200 where status == .ok {
                    status = try await client.execute(.post, "/v1/scores", key: scorer.text, json: body).status
                    if status == .ok { try await Task.sleep(for: .milliseconds(50)) }
                }
                try await client.execute(.post, "/v1/scores", key: scorer.text, json: body).expectProblem(
                    "unauthorized", 401)
                #expect(
                    try await client.execute(.get, "/v1/snapshots/1?consent_ref=c", key: auditor.text).status == .ok)
            }
            // Refused calls are audited too: the key's two scope 403s under its client, the
            // unknown keys' 401s under none (and no firm named in any of them).
            let rows = try await region.auditRows(client: "scorer")
            #expect(rows.filter { $0.status == 200 }.count >= 2)
            #expect(rows.filter { $0.status == 403 }.map(\.route).sorted() == ["getFirmProfile", "getSnapshot"])
            #expect(rows.allSatisfy { $0.status == 200 || ($0.status == 403 && $0.uscc.isEmpty) })
            let auditorRows = try await region.auditRows(client: "auditor")
            #expect(auditorRows.map(\.status).sorted() == [200, 200, 403])
            let anonymous = try await region.auditRows(client: "")
            #expect(anonymous.count >= 6 && anonymous.allSatisfy { $0.status == 401 && $0.uscc.isEmpty })
        }
    }

    @Test(arguments: [UInt64(22)])
    func badInputIsAProblemNeverA500(seed: UInt64) async throws {
        try await Region.with(firms: 60, seed: seed) { region in
            let key = try await region.key(client: "problems", scopes: ["score", "profile", "snapshot"])
            let firm = try #require(region.firms.first)
            // A valid USCC (check character computed by hand from GB 32100's weights) of no generated firm:
            // 91500000MA0000001? → weighted sum 9·1 + 1·3 + 5·9 + M(21)·20 + A(10)·29 + 1·28 = 795;
            // 795 mod 31 = 20; 31 − 20 = 11 → 'B'.
            let absent = "91500000MA0000001B"
            #expect((try? USCC(absent)) != nil)
            try await region.grant([firm, absent]) { _ in "c" }
            try await region.withServer { client in
                try await client.execute(.post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(firm)","#)
                    .expectProblem("malformed-request", 400)
                try await client.execute(.post, "/v1/scores", key: key.text, json: "[]").expectProblem(
                    "malformed-request", 400)
                try await client.execute(
                    .post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(absent)","consent_ref":"c"}"#
                )
                .expectProblem("firm-not-found", 404)
                let wrongCheck = String(firm.dropLast()) + (firm.hasSuffix("0") ? "1" : "0")
                let invalid = try await client.execute(
                    .post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(wrongCheck)","consent_ref":"c"}"#
                ).expectProblem("invalid-field", 422, field: "uscc")
                #expect(invalid["detail"]?.stringValue?.contains("check character") == true)
                try await client.execute(.post, "/v1/scores", key: key.text, json: #"{"uscc":"X","consent_ref":"c"}"#)
                    .expectProblem("invalid-field", 422, field: "uscc")
                try await client.execute(.post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(firm)"}"#)
                    .expectProblem("invalid-field", 422, field: "consent_ref")
                try await client.execute(
                    .post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(firm)","consent_ref":""}"#
                )
                .expectProblem("invalid-field", 422, field: "consent_ref")
                try await client.execute(.post, "/v1/scores", key: key.text, json: #"{"uscc":7,"consent_ref":"c"}"#)
                    .expectProblem("invalid-field", 422, field: "uscc")
                try await client.execute(
                    .post, "/v1/scores", key: key.text,
                    json: #"{"uscc":"\#(firm)","consent_ref":"c","requested_amount":0}"#
                ).expectProblem("invalid-field", 422, field: "requested_amount")
                try await client.execute(
                    .post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(firm)","consent_ref":"c","extra":1}"#
                ).expectProblem("invalid-field", 422, field: "extra")
                try await client.execute(.get, "/v1/firms/\(firm)/profile", key: key.text)
                    .expectProblem("invalid-field", 422, field: "consent_ref")
                try await client.execute(.get, "/v1/firms/not-a-uscc/products?consent_ref=c", key: key.text)
                    .expectProblem("invalid-field", 422, field: "uscc")
                try await client.execute(.get, "/v1/snapshots/0", key: key.text).expectProblem(
                    "invalid-field", 422, field: "id")
                try await client.execute(.get, "/v1/snapshots/999999?consent_ref=c", key: key.text)
                    .expectProblem("snapshot-not-found", 404)
                try await client.execute(.get, "/v1/snapshots/abc", key: key.text).expectProblem(
                    "malformed-request", 400)
                try await client.execute(
                    .post, "/v1/scores", key: key.text, headers: [.contentType: "text/plain"], json: "uscc"
                ).expectProblem("unsupported-media-type", 415)
                let oversize = #"{"uscc":"\#(firm)","consent_ref":"\#(String(repeating: "x", count: 70_000))"}"#
                try await client.execute(.post, "/v1/scores", key: key.text, json: oversize).expectProblem(
                    "payload-too-large", 413)
                try await client.execute(.get, "/v1/nothing-here").expectProblem("not-found", 404)
            }
            // Audited: every call that reached an operation, the 404s and 422s of the firm
            // operations and the 400s, 413, 415 and 422s that the generated decoder or the body
            // limit refused before any firm was looked at (these under no firm); not the route
            // that does not exist.
            let rows = try await region.auditRows(client: "problems")
            #expect(rows.count == 17)
            #expect(rows.filter { $0.status == 400 }.count == 3)
            #expect(rows.filter { $0.status == 404 }.count == 2)
            #expect(rows.filter { $0.status == 413 }.count == 1)
            #expect(rows.filter { $0.status == 415 }.count == 1)
            #expect(rows.filter { $0.status == 422 }.count == 10)
            #expect(rows.filter { [400, 413, 415].contains($0.status) }.allSatisfy { $0.uscc.isEmpty })
            #expect(rows.contains { $0.uscc == "91500000MA0000001B" && $0.status == 404 && $0.consent == "c" })
        }
    }

    /// A key revoked by plain SQL sends no NOTIFY: the probe's re-read of the keys catches it.
    @Test(arguments: [UInt64(27)])
    func aKeyRevokedByPlainSQLIsRefused(seed: UInt64) async throws {
        try await Region.with(firms: 30, seed: seed) { region in
            let key = try await region.key(client: "sql-revoked", scopes: ["score"])
            let firm = try #require(region.firms.first)
            let body = #"{"uscc":"\#(firm)","consent_ref":"c"}"#
            try await region.grant([firm]) { _ in "c" }
            try await region.withServer(configure: { $0.probeInterval = .milliseconds(200) }) { client in
                #expect(try await client.execute(.post, "/v1/scores", key: key.text, json: body).status == .ok)
                try await region.database.client.query("UPDATE api_keys SET revoked_at = now() WHERE id = \(key.id)")
                var status = HTTPResponse.Status.ok
                for _ in 0..<200 where status == .ok {
                    status = try await client.execute(.post, "/v1/scores", key: key.text, json: body).status
                    if status == .ok { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(status == .unauthorized)
            }
        }
    }

    /// Over a real connection, each audit row names the caller's address, refused calls included.
    @Test(arguments: [UInt64(30)])
    func auditRowsNameTheSourceAddress(seed: UInt64) async throws {
        try await Region.with(firms: 20, seed: seed) { region in
            let key = try await region.key(client: "sourced", scopes: ["score"])
            let firm = try #require(region.firms.first)
            try await region.grant([firm]) { _ in "c" }
            try await region.withServer(.live) { client in
                let body = #"{"uscc":"\#(firm)","consent_ref":"c"}"#
                let answered = try await client.execute(.post, "/v1/scores", key: key.text, json: body).status
                let unknownKey = try await client.execute(.post, "/v1/scores", key: APIKey.generate().text, json: body)
                    .status
                let noScope = try await client.execute(.get, "/v1/firms/\(firm)/profile?consent_ref=c", key: key.text)
                    .status
                #expect([answered, unknownKey, noScope] == [.ok, .unauthorized, .forbidden])
            }
            let rows = try await region.database.client.query(
                "SELECT status, client, source FROM audit_log ORDER BY at", logger: region.database.logger
            ).collect().map { try $0.decode((Int16, String, String?).self) }
            #expect(rows.map(\.0) == [200, 401, 403])
            #expect(rows.map(\.1) == ["sourced", "", "sourced"])
            #expect(rows.allSatisfy { $0.2 == "127.0.0.1" }, "\(rows)")
        }
    }

    @Test(arguments: [UInt64(23)])
    func rateLimitAnswers429WithRetryAfter(seed: UInt64) async throws {
        try await Region.with(firms: 60, seed: seed) { region in
            let first = try await region.key(client: "limited", scopes: ["score"])
            let second = try await region.key(client: "other", scopes: ["score"])
            let firm = try #require(region.firms.first)
            let body = #"{"uscc":"\#(firm)","consent_ref":"c"}"#
            try await region.grant([firm]) { _ in "c" }
            // 3 tokens, refilled at one per 100 s: the 4th call in a row is refused.
            try await region.withServer(configure: {
                $0.rateLimitBurst = 3; $0.rateLimitPerSecond = 0.01
            }) { client in
                let start = ContinuousClock.now
                for _ in 0..<3 {
                    #expect(try await client.execute(.post, "/v1/scores", key: first.text, json: body).status == .ok)
                }
                let limited = try await client.execute(.post, "/v1/scores", key: first.text, json: body)
                try limited.expectProblem("rate-limited", 429)
                let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
                // 100 s for the next token, less what has refilled since the first call (on a
                // loaded machine these calls can take seconds).
                let elapsed = Int((ContinuousClock.now - start).components.seconds)
                #expect(retryAfter <= 100 && retryAfter >= 99 - elapsed, "Retry-After \(retryAfter) after \(elapsed) s")
                // Buckets are per key.
                #expect(try await client.execute(.post, "/v1/scores", key: second.text, json: body).status == .ok)
            }
        }
    }
}
