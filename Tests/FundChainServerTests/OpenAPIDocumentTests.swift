import Foundation
import FundChainTestSupport
import HTTPTypes
import Logging
import OpenAPIRuntime
import Testing
import Yams

@testable import FundChainServer

/// The spec and the server agree on every operation's access. (The compiled-in spec served at
/// GET /openapi.yaml is checked against openapi.yaml by EmbeddedCopiesTests; whether
/// GeneratedSources matches the generator's output by .ci/run, re-running `scripts/generate
/// openapi`: the command plugin cannot run inside tests.)
struct OpenAPIDocumentTests {
    static let root = repoRoot

    /// Every operation of the spec has exactly the access its security requirement states, and
    /// the server knows no operation the spec does not (deny by default covers the rest).
    @Test func everyOperationHasTheScopeTheSpecStates() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let spec = try #require(try Yams.load(yaml: file) as? [String: Any])
        let global = spec["security"] as? [[String: [String]]]
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        var stated: [String: ServiceMiddleware.Access] = [:]
        for (_, item) in paths {
            for (_, value) in item {
                guard let operation = value as? [String: Any], let id = operation["operationId"] as? String else {
                    continue
                }
                let security = (operation["security"] as? [[String: [String]]]) ?? global ?? []
                let scopes = security.flatMap { $0["bearerAuth"] ?? [] }
                #expect(scopes.count <= 1, "\(id) names more than one scope")
                stated[id] = scopes.first.map { .scope($0) } ?? .open
            }
        }
        #expect(stated.count == 8)
        #expect(stated == ServiceMiddleware.access)
    }

    /// An operation with no access rule is refused, with or without a key, and never reaches its handler.
    @Test func anOperationWithoutAnAccessRuleIsRefused() async throws {
        let middleware = ServiceMiddleware(
            state: LiveState(), audit: nil, limiter: RateLimiter(rate: 1, burst: 1), metrics: ServerMetrics(),
            maxBodyBytes: 1024,
            logger: Logger(label: "test"))
        let (response, _) = await middleware.handle(
            HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/v1/new"), body: nil, metadata: .init(),
            operationID: "getSomethingNew", requestID: "r-1"
        ) { _, _, _ in
            Issue.record("the handler ran")
            return (HTTPResponse(status: .ok), nil)
        }
        #expect(response.status == .forbidden)
    }
}
