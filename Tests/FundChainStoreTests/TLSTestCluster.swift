import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainStore

/// A second throwaway PostgreSQL cluster that speaks TCP on 127.0.0.1 (a free port) and accepts
/// TLS connections only (`ssl = on`, `hostssl` in pg_hba.conf, no `host` line), with a server
/// certificate from a throwaway CA made by `scripts/test-certificates`. Started for one test and
/// stopped and removed after it, whatever happens.
struct TLSTestCluster: Sendable {
    let cluster: LocalCluster
    /// The TCP port on 127.0.0.1.
    let port: Int
    /// The directory `scripts/test-certificates` filled: ca.crt, other-ca.crt, db-server.crt (the
    /// server's: for the DNS name localhost only) …
    let certificates: String

    /// `openssl` is needed for the certificates; under CI the test must run (and fail if absent).
    static let enabled: Bool = TestCluster.tlsEnabled

    /// A URL for the `postgres` database as the `postgres` user (trusted: the tests are about the
    /// wire, not the password), on `host`, with `query` appended.
    func url(host: String = "localhost", _ query: String) -> String {
        "postgres://postgres@\(host):\(port)/postgres" + (query.isEmpty ? "" : "?" + query)
    }

    /// Starts a cluster, runs `body`, stops and removes the cluster.
    static func with(_ body: @Sendable (TLSTestCluster) async throws -> Void) async throws {
        let home = TestCluster.home + "/tls-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // The server may run as the postgres user, which must reach the directory.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home)
        let cluster = try LocalCluster(home: home)
        defer {
            _ = try? cluster.run("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", cluster.layout.dataDirectory])
            try? FileManager.default.removeItem(atPath: home)
            try? FileManager.default.removeItem(atPath: cluster.layout.dataDirectory)
        }
        let certificates = home + "/certs"
        let made = try ProcessRunner.run("/bin/bash", [repoRoot.path + "/scripts/test-certificates", certificates])
        try #require(made.succeeded, "scripts/test-certificates: \(made.stderr)")
        try cluster.initialize()
        try configureTLS(cluster, certificates: certificates)
        let port = try start(cluster)
        try await body(TLSTestCluster(cluster: cluster, port: port, certificates: certificates))
    }

    /// Copies the server's certificate and key into the data directory (owned by the server's
    /// user, the key mode 600 as PostgreSQL demands), turns TLS on and allows TLS connections only.
    static func configureTLS(_ cluster: LocalCluster, certificates: String) throws {
        let data = cluster.layout.dataDirectory
        for name in ["server.crt", "server.key"] {
            try FileManager.default.copyItem(atPath: certificates + "/db-" + name, toPath: data + "/" + name)
            if let user = cluster.layout.serverUser {
                #expect(try ProcessRunner.run("/bin/chown", ["\(user):\(user)", data + "/" + name]).succeeded)
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: data + "/server.key")
        let settings = """

            # TLSTestCluster
            listen_addresses = '127.0.0.1'
            ssl = on
            ssl_cert_file = 'server.crt'
            ssl_key_file = 'server.key'

            """
        let handle = try #require(FileHandle(forWritingAtPath: data + "/postgresql.conf"))
        handle.seekToEndOfFile()
        handle.write(Data(settings.utf8))
        try handle.close()
        // Replaces initdb's rules: the socket for set-up, TCP with TLS only.
        try "local all all trust\nhostssl all all 127.0.0.1/32 trust\n"
            .write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
    }

    /// Starts the server on a free TCP port (found by binding port 0; tried again if another
    /// process took it in between); returns the port.
    static func start(_ cluster: LocalCluster) throws -> Int {
        var failure = ""
        for _ in 0..<5 {
            let port = try freePort()
            let result = try cluster.run(
                "pg_ctl",
                [
                    "start", "-w", "-t", "60", "-D", cluster.layout.dataDirectory, "-l", cluster.layout.logFile,
                    "-o", "-k \(cluster.layout.socketDirectory) -p \(port)",
                ])
            if result.succeeded { return port }
            failure = result.stderr
        }
        throw StoreError(
            .clusterFailed, "the TLS test cluster did not start (see \(cluster.layout.logFile)): \(failure)")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StoreError(.clusterFailed, "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw StoreError(.clusterFailed, "cannot bind a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
