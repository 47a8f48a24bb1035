import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FundChainServer

/// The bank API answers about a firm only under a live consent of that firm for the key's bank
/// and the route's purpose; the audit row names the consent; revocations apply within seconds.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ConsentEnforcementTests {
    /// (status, consent_id) of the audit rows of `client`, in order.
    func audited(_ region: Region, client: String) async throws -> [(status: Int, consentID: Int64?, route: String)] {
        try await region.database.client.query(
            "SELECT status, consent_id, route FROM audit_log WHERE client = \(client) ORDER BY at, request_id"
        ).collect().map {
            let (status, consent, route) = try $0.decode((Int16, Int64?, String).self)
            return (Int(status), consent, route)
        }
    }

    @Test(arguments: [UInt64(24)])
    func everyFirmOperationNeedsALiveConsentForItsBankAndPurpose(seed: UInt64) async throws {
        try await Region.with(firms: 40, seed: seed) { region in
            let key = try await region.key(client: "consent", scopes: ["score", "profile", "snapshot"])
            let firm = region.firms[0]
            let other = region.firms[1]
            let absent = "91500000MA0000001B"  // a valid code of no generated firm (AuthAndProblemTests)
            let today = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970)
            let live = try await region.grant([firm]) { _ in "LIVE" }
            try await region.grant([absent]) { _ in "LIVE" }
            try await region.grant([firm], purposes: [.score], bank: "ICBC") { _ in "OTHER-BANK" }
            try await region.grant([firm], purposes: [.profile]) { _ in "PROFILE-ONLY" }
            try await region.grant([firm], purposes: [.score], grantedOn: today.adding(days: -30), expiresOn: today) {
                _ in
                "EXPIRED"
            }
            try await region.grant([firm], purposes: [.score], grantedOn: today.adding(days: 1)) { _ in "FUTURE" }
            let store = SnapshotStore(database: region.database)
            let mine = try #require(try await store.latestSnapshot(firm: firm))
            let theirs = try #require(try await store.latestSnapshot(firm: other))
            @Sendable func score(_ uscc: String, _ reference: String) -> String {
                #"{"uscc":"\#(uscc)","consent_ref":"\#(reference)"}"#
            }

            try await region.withServer { client in
                #expect(
                    try await client.execute(.post, "/v1/scores", key: key.text, json: score(firm, "LIVE")).status
                        == .ok)
                #expect(
                    try await client.execute(.get, "/v1/firms/\(firm)/profile?consent_ref=LIVE", key: key.text).status
                        == .ok)
                #expect(
                    try await client.execute(.get, "/v1/firms/\(firm)/products?consent_ref=LIVE", key: key.text).status
                        == .ok)
                #expect(
                    try await client.execute(.get, "/v1/snapshots/\(mine.id)?consent_ref=LIVE", key: key.text).status
                        == .ok)

                for reference in ["NONE", "OTHER-BANK", "PROFILE-ONLY", "EXPIRED", "FUTURE"] {
                    let refused = try await client.execute(
                        .post, "/v1/scores", key: key.text, json: score(firm, reference))
                    try refused.expectProblem("consent-required", 403, field: "consent_ref")
                }
                // A consent is for one firm: not for another, and it does not tell whether one is covered.
                try await client.execute(.post, "/v1/scores", key: key.text, json: score(other, "LIVE"))
                    .expectProblem("consent-required", 403)
                try await client.execute(.get, "/v1/firms/\(other)/profile?consent_ref=LIVE", key: key.text)
                    .expectProblem("consent-required", 403)
                try await client.execute(.get, "/v1/snapshots/\(theirs.id)?consent_ref=LIVE", key: key.text)
                    .expectProblem("consent-required", 403)
                try await client.execute(.post, "/v1/scores", key: key.text, json: score(absent, "LIVE"))
                    .expectProblem("firm-not-found", 404)
            }

            let rows = try await audited(region, client: "consent")
            let expectedRows = 4 + 5 + 3 + 1
            try #require(rows.count == expectedRows)
            let idByPurpose = Dictionary(uniqueKeysWithValues: live.map { ($0.purpose, $0.id) })
            #expect(rows[0].consentID == idByPurpose[.score] && rows[0].route == "createScore")
            #expect(rows[1].consentID == idByPurpose[.profile] && rows[2].consentID == idByPurpose[.products])
            #expect(rows[3].consentID == idByPurpose[.profile] && rows[3].route == "getSnapshot")
            #expect(rows[4..<12].allSatisfy { $0.status == 403 && $0.consentID == nil })
            #expect(rows[12].status == 404 && rows[12].consentID != nil)
        }
    }

    /// Revoked through the CLI's store (NOTIFY), or by plain SQL with the notification switched
    /// off behind FundChain's back (then the probe's change marker finds it): refused either way.
    @Test(arguments: [UInt64(25)])
    func revocationsAndNewConsentsApplyWhileServing(seed: UInt64) async throws {
        try await Region.with(firms: 30, seed: seed) { region in
            let key = try await region.key(client: "revoke", scopes: ["score"])
            let firm = region.firms[0]
            try await region.grant([firm], purposes: [.score]) { _ in "R1" }
            try await region.grant([firm], purposes: [.score]) { _ in "R2" }
            @Sendable func score(_ reference: String) -> String {
                #"{"uscc":"\#(firm)","consent_ref":"\#(reference)"}"#
            }
            /// The status once it stops being `from` (up to 10 s of 50 ms polls).
            @Sendable func settled(_ client: any TestClientProtocol, _ reference: String, from: HTTPResponse.Status)
                async throws
                -> HTTPResponse.Status
            {
                var status = from
                for _ in 0..<200 where status == from {
                    status = try await client.execute(.post, "/v1/scores", key: key.text, json: score(reference)).status
                    if status == from { try await Task.sleep(for: .milliseconds(50)) }
                }
                return status
            }
            try await region.withServer(configure: { $0.probeInterval = .milliseconds(200) }) { client in
                #expect(try await client.execute(.post, "/v1/scores", key: key.text, json: score("R1")).status == .ok)
                #expect(try await client.execute(.post, "/v1/scores", key: key.text, json: score("R2")).status == .ok)

                let revoked = try await ConsentStore(database: region.database).revoke(reference: "R1")
                #expect(revoked.count == 1)
                let afterCLI = try await settled(client, "R1", from: .ok)
                #expect(afterCLI == .forbidden)

                try await region.database.client.query("ALTER TABLE consents DISABLE TRIGGER consents_notify")
                try await region.database.client.query(
                    "UPDATE consents SET revoked_at = now() WHERE reference = 'R2'")
                try await region.database.client.query("ALTER TABLE consents ENABLE TRIGGER consents_notify")
                let afterSQL = try await settled(client, "R2", from: .ok)
                #expect(afterSQL == .forbidden)

                try await region.grant([firm], purposes: [.score]) { _ in "R3" }
                let granted = try await settled(client, "R3", from: .forbidden)
                #expect(granted == .ok)
            }
        }
    }
}

/// `fundchain serve` needs nothing beyond the service group's grants.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ServiceRoleTests {
    @Test(arguments: [UInt64(26)])
    func servesWhenLoggedInAsAMemberOfTheServiceGroupOnly(seed: UInt64) async throws {
        try await Region.with(firms: 30, seed: seed) { region in
            let key = try await region.key(client: "least", scopes: ["score", "profile", "snapshot"])
            let firm = region.firms[0]
            try await region.grant([firm]) { _ in "C" }
            let snapshot = try #require(try await SnapshotStore(database: region.database).latestSnapshot(firm: firm))
            let name = "t_service_" + UUID().uuidString.prefix(8).lowercased()
            try await DatabaseRoles.createLogin(name, group: .service, password: nil, on: region.database)
            var configuration = region.cluster.configuration
            configuration.database = try await region.database.client.query("SELECT current_database()").collect()[0]
                .decode(String.self)
            configuration.username = name
            try await Database.with(configuration, logger: TestCluster.logger) { serviceDatabase in
                let asService = Region(database: serviceDatabase, cluster: region.cluster, firms: region.firms)
                try await asService.withServer { client in
                    let body = #"{"uscc":"\#(firm)","consent_ref":"C"}"#
                    var statuses: [HTTPResponse.Status] = []
                    statuses.append(try await client.execute(.post, "/v1/scores", key: key.text, json: body).status)
                    for path in [
                        "/v1/firms/\(firm)/profile?consent_ref=C", "/v1/firms/\(firm)/products?consent_ref=C",
                        "/v1/snapshots/\(snapshot.id)?consent_ref=C",
                    ] {
                        statuses.append(try await client.execute(.get, path, key: key.text).status)
                    }
                    #expect(statuses == [.ok, .ok, .ok, .ok])
                }
            }
            try? await DatabaseRoles.dropLogin(name, on: region.database)
            #expect(try await region.auditRows(client: "least").map(\.status) == [200, 200, 200, 200])
        }
    }
}
