import ArgumentParser
import Foundation
import FundChainCore
import FundChainServer
import FundChainStore

/// `fundchain serve`: the bank scoring service (openapi.yaml, docs/server.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve scores, profiles and product matches over HTTP to banks (spec: GET /openapi.yaml).",
        discussion: """
            Loads the latest snapshot batch into memory and reloads it when `fundchain build` commits \
            a new one. Every /v1 call needs an API key (`fundchain apikey create`) and is written to \
            the audit log before it is answered. Stops gracefully on SIGTERM or SIGINT. Logs go to \
            stderr (FUNDCHAIN_LOG_LEVEL=info shows reloads and probes).

            HTTPS with --tls-cert and --tls-key; mutual TLS (a bank's client certificate required, \
            verified against the CA and recorded in each audit row) with --client-ca as well. Plain \
            HTTP is served on a loopback address only, unless --insecure-http (docs/security.md).

            With a checkpoint public key (--public-key, default $FUNDCHAIN_HOME/keys/signing.pub when that file exists) a batch is \
            served only if its signed checkpoint verifies and its snapshots give the signed Merkle \
            root; otherwise the previous batch stays served (503 when there is none).

            Prometheus metrics: GET /metrics with a key of scope metrics, or without a key on a \
            listener of its own (--metrics-port, on --metrics-host, loopback by default).
            """)

    @Option(
        help: ArgumentHelp(
            "Address to listen on. Without TLS, a loopback address only (unless --insecure-http).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("TCP port to listen on (0: any free port).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("Requests per second each API key may make (token refill rate).", valueName: "n"))
    var rateLimit: Double = 200

    @Option(help: ArgumentHelp("Burst each API key may make at once (token bucket size).", valueName: "n"))
    var rateBurst: Double = 400

    @Option(help: ArgumentHelp("Seconds a request waits for its audit row before answering 503.", valueName: "s"))
    var auditTimeout: Double = 2

    @Option(
        help: ArgumentHelp(
            "Seconds a connection may go without delivering a whole request head or body part before it is closed.",
            valueName: "s"))
    var idleTimeout: Double = 30

    @Option(help: ArgumentHelp("Most connections open at once (more wait until one closes).", valueName: "n"))
    var maxConnections = 1_000

    @Option(help: ArgumentHelp("Serve HTTPS with this certificate chain (PEM; needs --tls-key).", valueName: "file"))
    var tlsCert: String?

    @Option(
        help: ArgumentHelp(
            "The certificate's private key (PEM; refused if other users may read it).", valueName: "file"))
    var tlsKey: String?

    @Option(
        help: ArgumentHelp(
            "Mutual TLS: require a client certificate issued by this CA (PEM; needs --tls-cert).", valueName: "file"))
    var clientCa: String?

    @Flag(help: "Allow plain HTTP on a non-loopback address (e.g. behind a TLS-terminating proxy).")
    var insecureHttp = false

    @Option(
        name: .customLong("public-key"),
        help: ArgumentHelp(
            "Checkpoint public key (PEM) batches must be signed by; repeat for a key rotation. Default: $FUNDCHAIN_HOME/keys/signing.pub if it exists.",
            valueName: "file"))
    var publicKeys: [String] = []

    @Option(
        help: ArgumentHelp(
            "Also serve GET /metrics without a key on this port (plain HTTP, --metrics-host). Without it, /metrics needs a key of scope metrics.",
            valueName: "port"))
    var metricsPort: Int?

    @Option(help: ArgumentHelp("Address of the metrics listener (default: loopback).", valueName: "host"))
    var metricsHost = "127.0.0.1"

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, not \(port)") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
        guard rateLimit > 0, rateLimit.isFinite else { throw ValidationError("--rate-limit must be positive") }
        guard rateBurst >= 1, rateBurst.isFinite else { throw ValidationError("--rate-burst must be at least 1") }
        guard auditTimeout > 0, auditTimeout <= 60 else {
            throw ValidationError("--audit-timeout must be in (0, 60] seconds")
        }
        guard idleTimeout > 0, idleTimeout <= 3600 else {
            throw ValidationError("--idle-timeout must be in (0, 3600] seconds")
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard clientCa == nil || tlsCert != nil else {
            throw ValidationError("--client-ca needs --tls-cert and --tls-key")
        }
        do {
            try serverConfiguration().validate()
        } catch let invalid as ServerConfiguration.ValidationError {
            throw ValidationError(invalid.description)
        }
    }

    /// The server's settings, from the flags.
    func serverConfiguration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.rateLimitPerSecond = rateLimit
        configuration.rateLimitBurst = rateBurst
        configuration.auditTimeout = .milliseconds(Int64(auditTimeout * 1000))
        configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        configuration.maxConnections = maxConnections
        if let tlsCert, let tlsKey {
            configuration.tls = .init(certificateChainPath: tlsCert, privateKeyPath: tlsKey, clientCAPath: clientCa)
        }
        configuration.insecureHTTP = insecureHttp
        configuration.metricsListener = metricsPort.map { .init(host: metricsHost, port: $0) }
        return configuration
    }

    func run() async throws {
        var configuration = serverConfiguration()
        var logger = CLILogger.make()
        if ProcessInfo.processInfo.environment["FUNDCHAIN_LOG_LEVEL"] == nil { logger.logLevel = .info }
        var keyFiles = publicKeys
        let defaultKey = KeyFiles.defaultDirectory + "/" + KeyFiles.publicName
        if keyFiles.isEmpty, FileManager.default.fileExists(atPath: defaultKey) { keyFiles = [defaultKey] }
        configuration.publicKeys = try keyFiles.map(KeyFiles.publicKey)
        if keyFiles.isEmpty {
            logger.warning(
                "no checkpoint public key: serving batches without checking their signatures (see --public-key)")
        } else {
            logger.info(
                "serving only batches with a valid signed checkpoint",
                metadata: ["fundchain.keys": "\(configuration.publicKeys.map(\.id).joined(separator: ","))"])
        }
        let (serverLogger, serverConfiguration) = (logger, configuration)
        try await database.withDatabase(logger: logger) { db in
            try await ScoringServer(database: db, configuration: serverConfiguration, logger: serverLogger).run()
        }
    }
}
