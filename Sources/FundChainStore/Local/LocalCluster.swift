import Crypto
import Foundation

/// The managed local PostgreSQL cluster: created with `initdb` and started with `pg_ctl` on first
/// use, under `$FUNDCHAIN_HOME` (default `~/.fundchain`), reachable only through a Unix socket
/// in its own directory (no TCP port, so it never clashes with another server).
///
/// PostgreSQL refuses to run as root. When FundChain runs as root, the cluster runs as the
/// unprivileged `postgres` system user that Debian's package creates, and its data and socket
/// directories are owned by that user; if `postgres` cannot reach `$FUNDCHAIN_HOME` (e.g. under
/// `/root`, mode 700), they live under `/var/lib/fundchain/clusters/<hash of home>` instead.
public struct LocalCluster: Sendable {
    public struct Layout: Sendable, Equatable {
        public var home: String
        public var dataDirectory: String
        public var socketDirectory: String
        public var logFile: String
        /// The system user that owns and runs the server; `nil` = the current user.
        public var serverUser: String?
    }

    public let layout: Layout
    public let binDirectory: String
    public static let port = 5432
    public static let databaseName = "fundchain"
    public static let superuser = "postgres"

    /// Whether the cluster keeps PostgreSQL's crash safety. The cluster holds the snapshots
    /// auditors rely on, so it is `durable` unless a test or a benchmark asks otherwise.
    public enum Durability: String, Sendable, CaseIterable {
        /// PostgreSQL's defaults: `fsync`, `synchronous_commit` and `full_page_writes` on. A commit
        /// survives an OS crash or power loss.
        case durable
        /// The three off, for throwaway test and benchmark clusters only: an OS crash can lose the
        /// last commits and corrupt the cluster (a killed client still never leaves a half-applied
        /// transaction). Given to the server at start, never written to its configuration, so the
        /// next plain start is durable again.
        case unsafeFast = "unsafe-fast"

        /// `postgres -c` options for this mode.
        var serverOptions: [String] {
            switch self {
            case .durable: []
            case .unsafeFast: ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
            }
        }

        /// The mode the server runs in, from `SHOW fsync`, `synchronous_commit`, `full_page_writes`.
        public init(fsync: String, synchronousCommit: String, fullPageWrites: String) {
            self = fsync == "on" && synchronousCommit != "off" && fullPageWrites == "on" ? .durable : .unsafeFast
        }
    }

    /// The managed cluster's own settings, appended to postgresql.conf after `settingsMarker`.
    /// Nothing here weakens durability (that is `Durability.unsafeFast`, per start).
    static let settings: [String] = [
        "listen_addresses = ''",
        "unix_socket_permissions = 0700",
        "shared_buffers = 256MB",
        "work_mem = 64MB",
        "maintenance_work_mem = 256MB",
        "max_wal_size = 4GB",
        // Ingest fills the default WAL buffers (1/32 of shared_buffers, 8 MB) faster than they
        // drain; its backends were seen waiting on WALWrite. 64 MB, for 56 MB more shared memory:
        // the 10k region's ingest 4.14–5.14 → 3.88–3.99 s in three interleaved A/B pairs
        // (docs/scale.md; within noise in Benchmarks/ingest.sh, where the ingest follows others).
        "wal_buffers = 64MB",
        "checkpoint_timeout = 30min",
        // Each client pool opens up to 20 connections (a build's load runs 12 queries at once)
        // and keeps them a minute after use, and the test suite runs many database tests and CLI
        // children at a time: 100 ran out under CI, and 400 once the suite reached 447 tests.
        // A slot costs about 45 KB of shared memory: 1,000 take 27 MB more than 400 (measured with
        // `postgres -C shared_memory_size`).
        "max_connections = 1000",
    ]

    /// Resolves the layout for `home` and finds the server binaries.
    public init(home: String) throws {
        self.binDirectory = try Self.findBinDirectory()
        let isRoot = geteuid() == 0
        if isRoot {
            let user = Self.superuser
            guard getpwnam(user) != nil else {
                throw StoreError(
                    .postgresNotInstalled,
                    "running as root needs the 'postgres' system user (apt-get install -y postgresql creates it)")
            }
            let base: String
            if Self.userCanTraverse(user, path: home) {
                base = home
            } else {
                let digest = SHA256.hash(data: Data(home.utf8)).map { String(format: "%02x", $0) }.joined()
                base = "/var/lib/fundchain/clusters/\(digest.prefix(12))"
            }
            layout = Layout(
                home: home, dataDirectory: base + "/pgdata", socketDirectory: base + "/run",
                logFile: base + "/postgres.log", serverUser: user)
        } else {
            layout = Layout(
                home: home, dataDirectory: home + "/pgdata", socketDirectory: home + "/run",
                logFile: home + "/postgres.log", serverUser: nil)
        }
    }

    /// `$FUNDCHAIN_HOME`, else `~/.fundchain`.
    public static func defaultHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["FUNDCHAIN_HOME"], !home.isEmpty { return home }
        let user = environment["HOME"] ?? NSHomeDirectory()
        return user + "/.fundchain"
    }

    /// The connection configuration for the cluster's `fundchain` database.
    public var configuration: DatabaseConfiguration {
        DatabaseConfiguration(
            endpoint: .socket(directory: layout.socketDirectory, port: Self.port), username: Self.superuser,
            password: nil, database: Self.databaseName)
    }

    public var isInitialized: Bool { FileManager.default.fileExists(atPath: layout.dataDirectory + "/PG_VERSION") }

    public var isRunning: Bool {
        guard isInitialized else { return false }
        return (try? run("pg_ctl", ["status", "-D", layout.dataDirectory]))?.succeeded ?? false
    }

    /// Creates the cluster if needed and starts it if it is not running, in `durability` mode.
    /// A cluster already running keeps the mode it was started in (`fundchain db status` shows
    /// it). Idempotent; safe to call from several processes at once (serialised by a lock file).
    public func start(durability: Durability = .durable) throws {
        try withLock {
            if !isInitialized { try initialize() }
            if isRunning { return }
            try writeSettings()
            // A server killed hard leaves its pid file behind; pg_ctl copes with a stale one.
            let options = (["-k \(layout.socketDirectory)", "-p \(Self.port)"] + durability.serverOptions)
                .joined(separator: " ")
            let result = try run(
                "pg_ctl",
                ["start", "-w", "-t", "60", "-D", layout.dataDirectory, "-l", layout.logFile, "-o", options])
            guard result.succeeded else {
                throw StoreError(.clusterFailed, "could not start PostgreSQL (see \(layout.logFile)): \(result.stderr)")
            }
        }
    }

    /// Stops the server (fast shutdown: open transactions roll back).
    public func stop() throws {
        try withLock {
            guard isRunning else { return }
            let result = try run("pg_ctl", ["stop", "-w", "-m", "fast", "-D", layout.dataDirectory])
            guard result.succeeded else {
                throw StoreError(.clusterFailed, "could not stop PostgreSQL: \(result.stderr)")
            }
        }
    }

    func initialize() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: layout.home, withIntermediateDirectories: true)
        for directory in [layout.dataDirectory, layout.socketDirectory] {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        _ = fm.createFile(atPath: layout.logFile, contents: nil)
        if let user = layout.serverUser {
            for path in [layout.dataDirectory, layout.socketDirectory, layout.logFile] {
                let chown = try ProcessRunner.run("/bin/chown", ["-R", "\(user):\(user)", path])
                guard chown.succeeded else { throw StoreError(.clusterFailed, "chown \(path): \(chown.stderr)") }
            }
            _ = try ProcessRunner.run("/bin/chmod", ["700", layout.dataDirectory, layout.socketDirectory])
        }
        let result = try run(
            "initdb",
            [
                "-D", layout.dataDirectory, "-U", Self.superuser, "--auth=trust", "--encoding=UTF8", "--locale=C",
                "--no-instructions",
            ])
        guard result.succeeded else { throw StoreError(.clusterFailed, "initdb failed: \(result.stderr)") }
    }

    /// Marks where the managed settings start in postgresql.conf; everything after it is ours.
    static let settingsMarker = "# FundChain managed cluster"

    /// Writes `settings` after `settingsMarker` in postgresql.conf, replacing what an earlier
    /// version wrote there (up to version 9 that block turned fsync, synchronous_commit and
    /// full_page_writes off, so an existing cluster becomes durable at its next start).
    func writeSettings() throws {
        let path = layout.dataDirectory + "/postgresql.conf"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.clusterFailed, "cannot read \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let kept = text.range(of: "\n" + Self.settingsMarker).map { String(text[..<$0.lowerBound]) } ?? text
        let updated = kept + "\n" + Self.settingsMarker + "\n" + Self.settings.joined(separator: "\n") + "\n"
        guard updated != text else { return }
        // Written in place, so the file keeps its owner (the server user when running as root).
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw StoreError(.clusterFailed, "cannot write \(path)")
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(updated.utf8))
    }

    func run(_ tool: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(binDirectory + "/" + tool, arguments, as: layout.serverUser)
    }

    /// Serialises cluster start/stop between processes with an advisory file lock.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(atPath: layout.home, withIntermediateDirectories: true)
        let fd = open(layout.home + "/cluster.lock", O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { throw StoreError(.clusterFailed, "cannot open \(layout.home)/cluster.lock") }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func userCanTraverse(_ user: String, path: String) -> Bool {
        // Walk up to the nearest existing ancestor and ask whether `user` can enter it.
        var probe = path
        while !FileManager.default.fileExists(atPath: probe), probe != "/" {
            probe = (probe as NSString).deletingLastPathComponent
        }
        return (try? ProcessRunner.run("/usr/bin/test", ["-x", probe], as: user))?.succeeded ?? false
    }

    /// Finds the PostgreSQL server binaries: `pg_config --bindir`, else the newest
    /// `/usr/lib/postgresql/*/bin`.
    static func findBinDirectory() throws -> String {
        let fm = FileManager.default
        if let result = try? ProcessRunner.run("/usr/bin/env", ["pg_config", "--bindir"]), result.succeeded {
            let dir = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if fm.isExecutableFile(atPath: dir + "/initdb") && fm.isExecutableFile(atPath: dir + "/pg_ctl") {
                return dir
            }
        }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let dir = "/usr/lib/postgresql/\(version)/bin"
            if fm.isExecutableFile(atPath: dir + "/initdb") { return dir }
        }
        throw StoreError(
            .postgresNotInstalled,
            """
            PostgreSQL is not installed: FundChain manages a local cluster but needs the server binaries \
            (initdb, pg_ctl). On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y postgresql. \
            Or point FundChain at a server with --database URL or DATABASE_URL.
            """)
    }
}
