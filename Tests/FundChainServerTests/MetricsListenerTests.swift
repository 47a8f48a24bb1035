import Foundation
import FundChainTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ServiceLifecycle
import Testing

@testable import FundChainServer

/// `/metrics` is not open to any caller of the API: there it needs a key of scope `metrics`; the
/// operator may serve it without a key on a listener of its own, which serves nothing else.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct MetricsListenerTests {
    @Test(arguments: [UInt64(31)])
    func metricsNeedAKeyOrTheirOwnListener(seed: UInt64) async throws {
        try await Region.with(firms: 30, seed: seed) { region in
            let monitor = try await region.key(client: "monitor", scopes: ["metrics"]).text
            let bank = try await region.key(client: "bank", scopes: ["score", "profile", "snapshot"]).text
            try await region.withMetricsListener { api, metrics in
                // The API listener: 401 without a key, 403 with a bank's key, 200 with scope metrics.
                #expect(try await Self.get(api, "/metrics").status == .unauthorized)
                #expect(try await Self.get(api, "/metrics", key: bank).status == .forbidden)
                let scraped = try await Self.get(api, "/metrics", key: monitor)
                #expect(scraped.status == .ok)
                #expect(String(buffer: scraped.body ?? ByteBuffer()).contains("fundchain_snapshot_batch_id 1"))

                // The metrics listener: the same exposition without a key, and nothing else.
                let open = try await Self.get(metrics, "/metrics")
                #expect(open.status == .ok)
                #expect(open.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(String(buffer: open.body ?? ByteBuffer()).contains("fundchain_snapshot_batch_id 1"))
                #expect(
                    String(buffer: open.body ?? ByteBuffer()).contains(
                        #"fundchain_http_requests_total{route="getMetrics",status="200"}"#))
                for uri in ["/readyz", "/openapi.yaml", "/v1/firms/\(region.firms[0])/profile?consent_ref=x"] {
                    #expect(try await Self.get(metrics, uri, key: bank).status == .notFound, "\(uri)")
                }
            }
            // The refusals on the API listener are in the audit log, as every refused call is.
            let refused = try await region.auditRows(client: "bank").filter { $0.route == "getMetrics" }
            #expect(refused.map(\.status) == [403])
        }
    }

    @Test func aMetricsPortMustDifferFromTheAPIPort() throws {
        var configuration = ServerConfiguration()
        configuration.port = 8080
        configuration.metricsListener = .init(port: 8080)
        #expect(throws: ServerConfiguration.ValidationError.self) { try configuration.validate() }
        configuration.metricsListener = .init(port: 9464)
        try configuration.validate()
    }

    static func get(_ port: Int, _ uri: String, key: String? = nil) async throws -> TestClient.Response {
        var fields: HTTPFields = [:]
        if let key { fields[.authorization] = "Bearer \(key)" }
        let headers = fields
        return try await TestClient.withClient(
            host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60))
        ) {
            try await $0.execute(TestClient.Request(uri, method: .get, headers: headers))
        }
    }
}

extension Region {
    /// Runs `body` with the ports of a live server (API, then metrics listener) on 127.0.0.1,
    /// once its batch is loaded; shuts it down afterwards.
    func withMetricsListener(_ body: @Sendable (Int, Int) async throws -> Void) async throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.metricsListener = .init(port: 0)
        let server = ScoringServer(database: database, configuration: configuration, logger: TestCluster.logger)
        let (ports, announce) = AsyncStream<(String, Int)>.makeStream()
        let app = try server.makeApplication(
            onServerRunning: { announce.yield(("api", $0)) }, onMetricsRunning: { announce.yield(("metrics", $0)) })
        let group = ServiceGroup(configuration: .init(services: [app], logger: TestCluster.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { announce.finish() }
                try await group.run()
            }
            var bound: [String: Int] = [:]
            for await (name, port) in ports {
                bound[name] = port
                if bound.count == 2 { break }
            }
            do {
                let api = try #require(bound["api"], "the API listener did not start")
                let metrics = try #require(bound["metrics"], "the metrics listener did not start")
                for _ in 0..<600 {
                    if try await MetricsListenerTests.get(api, "/readyz").status == .ok { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await body(api, metrics)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
