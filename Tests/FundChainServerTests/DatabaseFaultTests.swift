import Foundation
import FundChainStore
import FundChainTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FundChainServer

/// PostgreSQL stopped under a live server (the test's own throwaway cluster): readiness turns
/// false, firm calls answer 503 problem+json instead of hanging (they cannot be audited), the
/// process keeps serving, and everything recovers when PostgreSQL is back.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct DatabaseFaultTests {
    @Test(arguments: [UInt64(31)])
    func stoppingPostgreSQLGives503AndRecovers(seed: UInt64) async throws {
        let home = NSTemporaryDirectory() + "fundchain-fault-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // The server may run as the postgres user, which must reach the directory.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home)
        let cluster = try LocalCluster(home: home)
        try cluster.start(durability: .unsafeFast)  // a throwaway test cluster
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(atPath: home)
            try? FileManager.default.removeItem(atPath: cluster.layout.dataDirectory)
        }
        try await Region.with(firms: 60, seed: seed, cluster: cluster) { region in
            let key = try await region.key(client: "fault", scopes: ["score", "profile"])
            let firm = try #require(region.firms.first)
            let body = #"{"uscc":"\#(firm)","consent_ref":"c"}"#
            try await region.grant([firm]) { _ in "c" }
            try await region.withServer(.live, configure: { $0.probeInterval = .milliseconds(200) }) { client in
                #expect(try await client.execute(.post, "/v1/scores", key: key.text, json: body).status == .ok)

                try cluster.stop()
                var readiness = try await client.execute(.get, "/readyz")
                for _ in 0..<400 where readiness.status == .ok {
                    try await Task.sleep(for: .milliseconds(50))
                    readiness = try await client.execute(.get, "/readyz")
                }
                #expect(readiness.status == .serviceUnavailable)
                #expect(try readiness.json()["database"]?.stringValue == "down")
                #expect(try readiness.json()["ready"]?.boolValue == false)
                for _ in 0..<5 {
                    try await client.execute(.post, "/v1/scores", key: key.text, json: body)
                        .expectProblem("audit-unavailable", 503)
                    try await client.execute(.get, "/v1/firms/\(firm)/profile?consent_ref=c", key: key.text)
                        .expectProblem("audit-unavailable", 503)
                }
                #expect(try await client.execute(.get, "/healthz").status == .ok)

                try cluster.start(durability: .unsafeFast)  // a throwaway test cluster
                try await client.waitUntilReady()
                var status = HTTPResponse.Status.serviceUnavailable
                for _ in 0..<200 where status != .ok {
                    status = try await client.execute(.post, "/v1/scores", key: key.text, json: body).status
                    if status != .ok { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(status == .ok)
                #expect(
                    try await client.execute(.get, "/v1/firms/\(firm)/profile?consent_ref=c", key: key.text).status
                        == .ok)
            }
            // Every answered call has its row; none of the 503s claims one.
            let rows = try await region.auditRows(client: "fault")
            #expect(rows.allSatisfy { $0.status == 200 })
            #expect(rows.count == 3)
        }
    }

    /// A flush that cannot finish (another session holds `audit_log` locked): the writer's
    /// watchdog gives up on it after the audit timeout, the call answers 503 instead of hanging,
    /// PostgreSQL rolls the abandoned statement back once it notices the writer left (it is not
    /// committed when the lock goes), and the next call is written on a new connection.
    @Test(.timeLimit(.minutes(2)), arguments: [UInt64(37)])
    func aStuckFlushTimesOutAndIsRolledBack(seed: UInt64) async throws {
        try await Region.with(firms: 60, seed: seed) { region in
            let key = try await region.key(client: "stuck", scopes: ["score"])
            let firm = try #require(region.firms.first)
            let body = #"{"uscc":"\#(firm)","consent_ref":"c"}"#
            try await region.grant([firm]) { _ in "c" }
            // The default audit timeout (2 s): a shorter one failed the first call under the whole
            // suite's load in CI, its connection and first flush taking longer than 0.4 s.
            try await region.withServer(.live) { client in
                #expect(try await client.execute(.post, "/v1/scores", key: key.text, json: body).status == .ok)
                try await region.database.client.withConnection { connection in
                    let logger = region.database.logger
                    try await connection.query("BEGIN", logger: logger)
                    try await connection.query("LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE", logger: logger)
                    try await client.execute(.post, "/v1/scores", key: key.text, json: body)
                        .expectProblem("audit-unavailable", 503)
                    // Time for the server to notice (client_connection_check_interval) before the lock goes.
                    try await Task.sleep(for: .seconds(1))
                    try await connection.query("COMMIT", logger: logger)
                }
                #expect(try await client.execute(.post, "/v1/scores", key: key.text, json: body).status == .ok)
            }
            let rows = try await region.auditRows(client: "stuck")
            #expect(rows.count == 2)
            #expect(rows.allSatisfy { $0.status == 200 })
            // The chain given up on is ended, not forked: the third call started a new one.
            let chains = try await AuditStore(database: region.database).verifyChain()
            #expect(chains.problems.isEmpty)
            #expect(chains.rows == 2 && chains.chains == 2)
        }
    }
}
