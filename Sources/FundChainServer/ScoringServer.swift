import Foundation
import FundChainStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// The bank scoring service: a Hummingbird application whose routes are the OpenAPI operations
/// (generated from openapi.yaml; `POST /v1/scores`'s plain requests answered by `ScoreRoute`), with the snapshot refresher and the audit writer as services
/// in the same `ServiceGroup` (graceful shutdown on SIGTERM/SIGINT: the HTTP server drains
/// first, then the audit writer flushes, then the rest stop).
public struct ScoringServer: Sendable {
    let database: Database
    let configuration: ServerConfiguration
    let logger: Logger
    let state = LiveState()
    let metrics = ServerMetrics()

    /// The generated server's JSON settings. Compact: the bytes go to programs, and
    /// pretty-printing costs time on every answer. Sorted keys and unescaped slashes, like the
    /// answers prepared at load (`AnswerTemplate`).
    static let jsonOptions: JSONEncodingOptions = [.sortedKeys, .withoutEscapingSlashes]

    public init(database: Database, configuration: ServerConfiguration, logger: Logger) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT.
    public func run() async throws {
        let app = try makeApplication()
        let scheme = configuration.tls == nil ? "http" : "https"
        logger.info(
            "listening",
            metadata: [
                "fundchain.address": "\(scheme)://\(configuration.host):\(configuration.port)",
                "fundchain.mtls": "\(configuration.tls?.clientCAPath != nil)",
            ])
        if let metrics = configuration.metricsListener {
            logger.info(
                "metrics without a key",
                metadata: ["fundchain.address": "http://\(metrics.host):\(metrics.port)/metrics"])
        }
        try await app.runService()
    }

    /// The application with its services (refresher, audit writer, the metrics listener when
    /// configured); `package` for the tests, which learn the ports bound through the callbacks.
    package func makeApplication(
        onServerRunning: (@Sendable (Int) async -> Void)? = nil,
        onMetricsRunning: (@Sendable (Int) async -> Void)? = nil
    ) throws -> some ApplicationProtocol {
        try configuration.validate()
        let tls = try configuration.makeTLSConfiguration()
        let audit = AuditLog(
            store: AuditStore(database: database), batchLimit: configuration.auditBatchLimit,
            timeout: configuration.auditTimeout, metrics: metrics, logger: logger)
        let refresher = Refresher(
            database: database, state: state, metrics: metrics, configuration: configuration, logger: logger)
        let handlers = ScoringHandlers(
            state: state, audit: audit, snapshots: SnapshotStore(database: database, view: .served), metrics: metrics,
            databaseTimeout: configuration.databaseTimeout)
        let router = Router(context: ScoringRequestContext.self)
        router.add(middleware: RoutingProblemMiddleware<ScoringRequestContext>(metrics: metrics, logger: logger))
        router.add(middleware: ConnectionMiddleware(readsClientCertificate: configuration.tls?.clientCAPath != nil))
        let middleware = ServiceMiddleware(
            state: state, audit: audit,
            limiter: RateLimiter(rate: configuration.rateLimitPerSecond, burst: configuration.rateLimitBurst),
            metrics: metrics, maxBodyBytes: configuration.maxBodyBytes, logger: logger)
        router.add(middleware: ScoreRoute(handlers: handlers, service: middleware))
        try handlers.registerHandlers(
            on: router, configuration: .init(jsonEncodingOptions: Self.jsonOptions), middlewares: [middleware])
        let (seconds, attoseconds) = configuration.idleTimeout.components
        let idle = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: idle))
        var app = Application(
            router: router,
            server: try tls.map { try HTTPServerBuilder.tls(http1, tlsConfiguration: $0) } ?? http1,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "fundchain",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
            onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? 0) },
            logger: logger)
        app.addServices(audit, refresher)
        if let listener = configuration.metricsListener {
            app.addServices(makeMetricsApplication(listener, onServerRunning: onMetricsRunning))
        }
        return app
    }

    /// The metrics listener: `GET /metrics` and nothing else, no key (`ServerConfiguration.MetricsListener`).
    func makeMetricsApplication(
        _ listener: ServerConfiguration.MetricsListener, onServerRunning: (@Sendable (Int) async -> Void)?
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { [metrics, state] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(
                    byteBuffer: ByteBuffer(bytes: metrics.exposition(batchCreatedAt: state.snapshots?.batch.createdAt)))
            )
        }
        return Application(
            router: router,
            configuration: .init(
                address: .hostname(listener.host, port: listener.port), serverName: "fundchain-metrics"),
            onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
