import FundChainStore
import PostgresNIO
import Testing

struct DatabaseConfigurationTests {
    /// PostgresNIO 1.33.2's pool can fail to shut down while a keep-alive ping is running (with
    /// pings every 20 ms, 3 of 17 runs of the concurrent-writers test, 12 cases each, never returned; without
    /// them, none of 20). FundChain's pools therefore run without them.
    @Test(arguments: [
        DatabaseConfiguration.Endpoint.socket(directory: "/tmp/run", port: 5432), .tcp(host: "db.example", port: 5433),
    ])
    func poolsRunNoKeepAlivePings(endpoint: DatabaseConfiguration.Endpoint) {
        let configuration = DatabaseConfiguration(endpoint: endpoint, username: "u", password: nil, database: "d")
        #expect(configuration.clientConfiguration.options.keepAliveBehavior == nil)
    }
}

/// `sslmode` and `sslrootcert` in database URLs, with libpq's meanings (docs/security.md).
struct DatabaseURLTLSTests {
    @Test func tcpWithoutSSLModeMeansVerifyFull() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://app:pw@db.example:5433/fc")
        #expect(configuration.sslMode == .verifyFull)
        #expect(configuration.sslRootCert == nil)
        #expect(configuration.serverVerification == .chainAndHost)
        #expect(configuration.url() == "postgres://app:***@db.example:5433/fc?sslmode=verify-full")
        // No sslrootcert: the system trust store.
        let tls = try #require(configuration.tlsConfiguration)
        #expect(tls.trustRoots == .default)
        #expect(tls.certificateVerification == .fullVerification)
    }

    @Test(
        arguments: [
            ("disable", nil, nil),
            ("require", nil, DatabaseConfiguration.ServerVerification.encryptionOnly),
            ("require", "/etc/fc/ca.pem", .chain),  // libpq: require with a root certificate is verify-ca
            ("verify-ca", nil, .chain),
            ("verify-ca", "/etc/fc/ca.pem", .chain),
            ("verify-full", "/etc/fc/ca.pem", .chainAndHost),
            ("verify-full", "system", .chainAndHost),
        ] as [(String, String?, DatabaseConfiguration.ServerVerification?)])
    func modesOverTCP(mode: String, root: String?, verification: DatabaseConfiguration.ServerVerification?) throws {
        let url = "postgres://app:pw@10.1.2.3:5432/fc?sslmode=\(mode)" + (root.map { "&sslrootcert=\($0)" } ?? "")
        let configuration = try DatabaseConfiguration(url: url)
        #expect(configuration.sslMode.rawValue == mode)
        #expect(configuration.sslRootCert == root)
        #expect(configuration.serverVerification == verification)
        #expect((configuration.tlsConfiguration == nil) == (verification == nil))
        // The URL printed names the mode and the root, and parses back to the same configuration.
        #expect(configuration.url(revealPassword: true) == url)
        #expect(try DatabaseConfiguration(url: configuration.url(revealPassword: true)) == configuration)
    }

    @Test func rootCertificateFileIsTheTrustRoot() throws {
        let tls = try #require(
            try DatabaseConfiguration(url: "postgres://a@h/d?sslmode=verify-ca&sslrootcert=/srv/ca%20dir/root.crt")
                .tlsConfiguration)
        #expect(tls.trustRoots == .file("/srv/ca dir/root.crt"))
        #expect(tls.certificateVerification == .noHostnameVerification)
        // Printed back percent-encoded, slashes kept.
        #expect(
            try DatabaseConfiguration(url: "postgres://a@h/d?sslmode=verify-ca&sslrootcert=/srv/ca%20dir/root.crt")
                .url()
                == "postgres://a@h:5432/d?sslmode=verify-ca&sslrootcert=/srv/ca%20dir/root.crt")
    }

    @Test(arguments: ["allow", "prefer"])
    func fallbackModesAreRefused(mode: String) {
        #expect {
            try DatabaseConfiguration(url: "postgres://a@db.example/d?sslmode=\(mode)")
        } throws: { error in
            let text = "\(error)"
            return text.contains("sslmode=\(mode)") && text.contains("verify-full") && text.contains("sslmode=disable")
        }
    }

    @Test(arguments: [
        "postgres://a@h/d?sslmode=verify_full", "postgres://a@h/d?sslmode=", "postgres://a@h/d?sslrootcert=",
        "postgres://a@h/d?sslmode=require&sslrootcert=system", "postgres://a@h/d?sslcert=/c.pem&sslkey=/k.pem",
    ])
    func badTLSParametersAreRefused(url: String) {
        #expect(throws: DatabaseConfiguration.InvalidURLError.self) { try DatabaseConfiguration(url: url) }
    }

    @Test func unixSocketNeedsNoTLS() throws {
        let plain = try DatabaseConfiguration(url: "postgresql://postgres@/fc?host=/run/fc&port=5432")
        #expect(plain.sslMode == .disable)
        #expect(plain.serverVerification == nil)
        #expect(plain.url() == "postgresql://postgres@/fc?host=/run/fc&port=5432")
        // An explicit mode is kept (and printed) but does not apply: PostgreSQL never encrypts a socket.
        let explicit = try DatabaseConfiguration(
            url: "postgresql://postgres@/fc?host=/run/fc&port=5432&sslmode=require")
        #expect(explicit.sslMode == .require)
        #expect(explicit.serverVerification == nil)
        #expect(try DatabaseConfiguration(url: explicit.url()) == explicit)
    }

    @Test func programmaticTCPDefaultsToVerifyFull() {
        let tcp = DatabaseConfiguration(
            endpoint: .tcp(host: "db", port: 5432), username: "u", password: nil, database: "d")
        #expect(tcp.sslMode == .verifyFull)
        let socket = DatabaseConfiguration(
            endpoint: .socket(directory: "/r", port: 5432), username: "u", password: nil, database: "d")
        #expect(socket.sslMode == .disable)
    }

    @Test func unreadableRootCertificateIsNamed() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://a@h/d?sslrootcert=/nonexistent/fundchain-ca.pem")
        #expect {
            try configuration.checkTLSFiles()
        } throws: { "\($0)".contains("/nonexistent/fundchain-ca.pem") }
    }
}
