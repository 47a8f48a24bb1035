import FundChainCore

/// How `fundchain serve` runs. Every field has a documented default; only the executable reads
/// flags and the environment.
public struct ServerConfiguration: Sendable {
    /// Address to bind. Default `127.0.0.1` (loopback only). Without `tls`, only a loopback
    /// address (127.0.0.0/8, `::1`, `localhost`) unless `insecureHTTP`.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one. Default 8080.
    public var port: Int = 8080
    /// Requests per second each API key may make (token refill rate). Default 200.
    public var rateLimitPerSecond: Double = 200
    /// Token bucket size: the burst a key may make at once. Default 400.
    public var rateLimitBurst: Double = 400
    /// Longest request body accepted (bytes); longer answers 413. Default 64 KiB.
    public var maxBodyBytes: Int = 64 * 1024
    /// How long a request waits for its audit row to commit before answering 503. Default 2 s.
    public var auditTimeout: Duration = .seconds(2)
    /// Most audit rows in one INSERT. Default 1,000.
    public var auditBatchLimit: Int = 1_000
    /// How often PostgreSQL is probed (readiness, key refresh, missed reloads). Default 1 s.
    public var probeInterval: Duration = .seconds(1)
    /// How long a probe or a snapshot read may take before PostgreSQL counts as down. Default 1 s.
    public var databaseTimeout: Duration = .seconds(1)
    /// How long a connection may stay without delivering a complete request head, or a part of
    /// a request body, before it is closed. Headers count only once whole (they are decoded
    /// whole), so a client trickling them gets no more time: this is also the header-read
    /// timeout. Default 30 s (it also closes idle keep-alive connections).
    public var idleTimeout: Duration = .seconds(30)
    /// Most connections open at once; beyond it new ones wait in the listen backlog until one
    /// closes. Default 1,000.
    public var maxConnections: Int = 1_000
    /// HTTPS (and, with a client CA, mutual TLS). Default `nil`: plain HTTP, on loopback only.
    public var tls: TLS? = nil
    /// Plain HTTP on a non-loopback address (e.g. behind a TLS-terminating proxy on another
    /// host). Default `false`: refused, so that API keys never cross a network in clear.
    public var insecureHTTP: Bool = false
    /// Keys a batch's checkpoint must be signed by for the batch to be served (docs/security.md,
    /// "Signed checkpoints"); a batch whose checkpoint is missing or does not verify, or whose
    /// snapshots do not give its signed Merkle root, is refused and the previous one kept.
    /// Default: empty, no check (`fundchain serve` passes `$FUNDCHAIN_HOME/keys/signing.pub`
    /// when it exists).
    public var publicKeys: [CheckpointPublicKey] = []
    /// A listener of its own for `GET /metrics`, answered without a key (for a Prometheus
    /// scraper). Default `nil`: none, and `/metrics` is reached only on the API listener, with a
    /// key of scope `metrics`.
    public var metricsListener: MetricsListener? = nil

    public init() {}

    /// Where `GET /metrics` is served without a key: plain HTTP, since the metrics carry no key
    /// and no firm's data (counts per route, latencies, the served batch). Bind it to loopback
    /// (the default) or an interface only the monitoring network reaches.
    public struct MetricsListener: Sendable {
        /// Default `127.0.0.1`.
        public var host: String
        /// TCP port; 0 picks a free one.
        public var port: Int

        public init(host: String = "127.0.0.1", port: Int) {
            self.host = host
            self.port = port
        }
    }
}
