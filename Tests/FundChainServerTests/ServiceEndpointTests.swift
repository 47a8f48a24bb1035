import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FundChainServer

/// Each endpoint's answer against the stored snapshots of a real build (generated region, real
/// ingest, real PostgreSQL), and the audit rows the calls leave.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ServiceEndpointTests {
    @Test(arguments: [UInt64(11)])
    func endpointsAnswerFromTheStoredSnapshots(seed: UInt64) async throws {
        try await Region.with(seed: seed) { region in
            let key = try await region.key(client: "endpoints", scopes: ["score", "profile", "snapshot", "metrics"])
            let store = SnapshotStore(database: region.database)
            let batch = try #require(try await store.latestBatch())
            let stored = try await store.snapshots(batch: batch.id)
            let spec = try String(contentsOf: repoRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
            // The consents each request below quotes, per firm: one reference per route's purpose.
            let byFirm = Dictionary(uniqueKeysWithValues: stored.map { ($0.uscc, $0.id) })
            try await region.grant(stored.prefix(25).map(\.uscc), purposes: [.score]) { "CONSENT-\(byFirm[$0]!)" }
            try await region.grant(stored.prefix(25).map(\.uscc), purposes: [.profile]) { "C-H-\(byFirm[$0]!)" }
            try await region.grant(stored.prefix(25).map(\.uscc), purposes: [.products]) { "C-Q-\(byFirm[$0]!)" }
            try await region.withServer { client in
                #expect(try await client.execute(.get, "/healthz").json()["status"]?.stringValue == "ok")
                let ready = try await client.execute(.get, "/readyz").json()
                #expect(ready["ready"]?.boolValue == true && ready["database"]?.stringValue == "up")
                #expect(ready["batch_id"]?.int64Value == batch.id && ready["firms"]?.intValue == stored.count)
                let served = try await client.execute(.get, "/openapi.yaml")
                #expect(String(buffer: served.body) + "\n" == spec)

                let accounts = try await region.accountNumbers()
                #expect(accounts.count >= region.firms.count)
                var firmRequests = 0
                for snapshot in stored.prefix(25) {
                    let body = try JSONValue(parsing: snapshot.body)
                    // POST /v1/scores: the stored score, PD, grade, reasons, model and snapshot.
                    let response = try await client.execute(
                        .post, "/v1/scores", key: key.text,
                        json:
                            #"{"uscc":"\#(snapshot.uscc.lowercased())","consent_ref":"CONSENT-\#(snapshot.id)","requested_amount":500000,"purpose":"working capital"}"#
                    )
                    firmRequests += 1
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    #expect(!accounts.contains { text.contains($0) }, "an account number in a response")
                    let score = try response.json()
                    #expect(score["uscc"]?.stringValue == snapshot.uscc)
                    #expect(score["score"]?.intValue == snapshot.score && score["pd"]?.doubleValue == snapshot.pd)
                    #expect(score["grade"]?.stringValue == snapshot.grade)
                    #expect(score["consent_ref"]?.stringValue == "CONSENT-\(snapshot.id)")
                    #expect(
                        score["requested_amount"]?.intValue == 500_000
                            && score["purpose"]?.stringValue == "working capital")
                    #expect(score["reasons"] == body["reasons"]?.withoutNulls)
                    #expect(score["model"] == body["model"]?.withoutNulls)
                    #expect(score["snapshot"]?["id"]?.int64Value == snapshot.id)
                    #expect(score["snapshot"]?["batch_id"]?.int64Value == batch.id)
                    #expect(score["snapshot"]?["hash"]?.stringValue == snapshot.hash)
                    #expect(score["snapshot"]?["as_of"]?.stringValue == snapshot.asOf.description)
                    #expect(score["request_id"]?.stringValue == response.headers[HTTPField.Name("X-Request-Id")!])
                    // The products the build found eligible, ranked, with the stored limits and rates.
                    let storedProducts = try #require(body["products"])
                    let eligible = storedProducts["eligible"]?.arrayValue ?? []
                    let offered = score["products"]?.arrayValue ?? []
                    #expect(offered.map { $0["product"] } == eligible.map { $0["product"] })
                    #expect(offered.map { $0["limit_yuan"] } == eligible.map { $0["limit_yuan"] })
                    #expect(offered.map { $0["annual_rate_bp"] } == eligible.map { $0["annual_rate_bp"] })
                    #expect(offered.allSatisfy { $0["eligible"] == .bool(true) && $0["failures"] == .array([]) })

                    // GET profile (consent as a header): the body's firm, window and every feature.
                    let profile = try await client.execute(
                        .get, "/v1/firms/\(snapshot.uscc)/profile", key: key.text,
                        headers: [HTTPField.Name("X-Consent-Ref")!: "C-H-\(snapshot.id)"]
                    ).json()
                    firmRequests += 1
                    #expect(profile["firm"] == body["firm"] && profile["window"] == body["window"])
                    #expect(profile["reasons"] == body["reasons"]?.withoutNulls)
                    #expect(profile["features"] == body["features"] && profile["as_of"] == body["as_of"])
                    #expect(profile["score"]?.intValue == snapshot.score && profile["pd"]?.doubleValue == snapshot.pd)

                    // GET products (consent as a query parameter).
                    let products = try await client.execute(
                        .get, "/v1/firms/\(snapshot.uscc)/products?consent_ref=C-Q-\(snapshot.id)", key: key.text
                    ).json()
                    firmRequests += 1
                    #expect(products["catalog_sha256"] == storedProducts["catalog_sha256"])
                    #expect(products["eligible"] == score["products"])
                    // Why not: the rules the build recorded as failed, each with the firm's value,
                    // the threshold and a sentence (from the catalog version the body names).
                    let ineligible = products["ineligible"]?.arrayValue ?? []
                    let storedIneligible = storedProducts["ineligible"]?.arrayValue ?? []
                    #expect(ineligible.map { $0["product"] } == storedIneligible.map { $0["product"] })
                    for (served, kept) in zip(ineligible, storedIneligible) {
                        let failures = served["failures"]?.arrayValue ?? []
                        #expect(failures.map { $0["rule"] } == kept["failed"]?.arrayValue)
                        #expect(failures.allSatisfy { ($0["text"]?.stringValue ?? "").isEmpty == false })
                    }
                    #expect(eligible.count + storedIneligible.count == 10, "the shipped catalog has 10 products")
                    #expect(products["snapshot"]?["id"]?.int64Value == snapshot.id)
                }

                // GET /v1/snapshots/{id}: the stored row, the body byte for byte.
                let first = try #require(stored.first)
                let document = try await client.execute(
                    .get, "/v1/snapshots/\(first.id)?consent_ref=C-H-\(first.id)", key: key.text
                ).json()
                firmRequests += 1
                #expect(document["body"]?.stringValue == String(decoding: first.body, as: UTF8.self))
                #expect(document["hash"]?.stringValue == first.hash && document["prev_hash"] == nil)
                #expect(document["uscc"]?.stringValue == first.uscc && document["batch_id"]?.int64Value == batch.id)
                #expect(document["input_fingerprint"]?.stringValue == first.inputFingerprint)

                // One audit row per firm request, committed before each answer.
                let rows = try await region.auditRows(client: "endpoints")
                #expect(rows.count == firmRequests)
                let scoreRow = try #require(rows.first)
                #expect(scoreRow.route == "createScore" && scoreRow.uscc == first.uscc && scoreRow.status == 200)
                #expect(scoreRow.consent == "CONSENT-\(first.id)" && scoreRow.snapshot == first.id)
                #expect(
                    rows.filter { $0.route == "getFirmProfile" }.allSatisfy { $0.consent?.hasPrefix("C-H-") == true })
                #expect(
                    rows.filter { $0.route == "getFirmProducts" }.allSatisfy { $0.consent?.hasPrefix("C-Q-") == true })

                // Prometheus: counts per route and status, latency histograms, batch and reloads.
                let metrics = String(buffer: try await client.execute(.get, "/metrics", key: key.text).body)
                #expect(metrics.contains(#"fundchain_http_requests_total{route="createScore",status="200"} 25"#))
                #expect(metrics.contains(#"fundchain_http_requests_total{route="getFirmProfile",status="200"} 25"#))
                #expect(
                    metrics.contains(
                        #"fundchain_http_request_duration_seconds_count{route="createScore",status="200"} 25"#))
                #expect(metrics.contains("fundchain_snapshot_batch_id \(batch.id)"))
                #expect(metrics.contains(#"fundchain_reloads_total{outcome="ok"} 1"#))
                #expect(metrics.contains("fundchain_audit_rows_total \(firmRequests)"))
                #expect(metrics.contains("fundchain_snapshot_age_seconds"))
                #expect(metrics.contains(#"fundchain_http_requests_total{route="unmatched""#) == false)
            }
        }
    }

    /// A second build while the server runs: its NOTIFY makes the server swap in the new batch.
    @Test(arguments: [UInt64(12)])
    func reloadsTheNewBatchOnNotify(seed: UInt64) async throws {
        try await Region.with(firms: 80, seed: seed) { region in
            let key = try await region.key(client: "reload", scopes: ["score", "snapshot", "metrics"])
            let firm = try #require(region.firms.first)
            try await region.grant([firm], purposes: [.score]) { _ in "c1" }
            try await region.grant([firm], purposes: [.score]) { _ in "c2" }
            try await region.grant([firm], purposes: [.profile]) { _ in "h1" }
            try await region.withServer { client in
                let before = try await client.execute(
                    .post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(firm)","consent_ref":"c1"}"#
                ).json()
                #expect(before["snapshot"]?["batch_id"]?.int64Value == 1)
                let second = try await Region.build(region.database)
                #expect(second.id == 2)
                try await client.waitUntilReady(batch: 2)
                let after = try await client.execute(
                    .post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(firm)","consent_ref":"c2"}"#
                ).json()
                let latest = try #require(try await SnapshotStore(database: region.database).latestSnapshot(firm: firm))
                #expect(after["snapshot"]?["batch_id"]?.int64Value == 2)
                #expect(after["snapshot"]?["id"]?.int64Value == latest.id)
                #expect(after["snapshot"]?["hash"]?.stringValue == latest.hash)
                let metrics = String(buffer: try await client.execute(.get, "/metrics", key: key.text).body)
                #expect(metrics.contains(#"fundchain_reloads_total{outcome="ok"} 2"#))
                // The first batch is history now: not served, by id either (auditors read it).
                let old = try #require(before["snapshot"]?["id"]?.int64Value)
                try await client.execute(.get, "/v1/snapshots/\(old)?consent_ref=h1", key: key.text)
                    .expectProblem("snapshot-not-found", 404)
                let current = try await client.execute(.get, "/v1/snapshots/\(latest.id)?consent_ref=h1", key: key.text)
                #expect(current.status == .ok)
            }
        }
    }

    /// A profile or products answer comes from the snapshot read again; one rewritten since the
    /// load (past the append-only trigger, as a database administrator could) answers 503
    /// `snapshot-unavailable` and discloses nothing, and the audit row says so. The score,
    /// prepared at load from the body as it was, still answers.
    @Test func aSnapshotRewrittenAfterTheLoadIsNotAnswered() async throws {
        try await Region.with(firms: 30, seed: 43) { region in
            let key = try await region.key(client: "rewritten", scopes: ["score", "profile"])
            let (firm, other) = (region.firms[0], region.firms[1])
            try await region.grant([firm, other], purposes: [.score, .profile, .products]) { _ in "c" }
            let stored = try #require(try await SnapshotStore(database: region.database).latestSnapshot(firm: firm))
            try await region.withServer { client in
                try await AnswerTemplateTests.rewrite(
                    region.database, "replace(body, '\"points\":', '\"points\":1')", id: stored.id)
                for route in ["profile", "products"] {
                    let problem = try await client.execute(
                        .get, "/v1/firms/\(firm)/\(route)?consent_ref=c", key: key.text
                    ).expectProblem("snapshot-unavailable", 503)
                    #expect(problem["detail"]?.stringValue?.contains("snapshot \(stored.id) does not hash") == true)
                    #expect(!String(describing: problem).contains("points\":1"))
                }
                #expect(
                    try await client.execute(.get, "/v1/firms/\(other)/products?consent_ref=c", key: key.text).status
                        == .ok)
                let score = try await client.execute(
                    .post, "/v1/scores", key: key.text, json: #"{"uscc":"\#(firm)","consent_ref":"c"}"#)
                #expect(try score.json()["score"]?.intValue == stored.score)
            }
            let rows = try await region.auditRows(client: "rewritten")
            #expect(rows.map(\.status) == [503, 503, 200, 200])
            #expect(rows.map(\.snapshot) == [nil, nil, rows[2].snapshot, stored.id] && rows[2].snapshot != nil)
        }
    }
}
