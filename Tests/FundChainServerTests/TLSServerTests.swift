import Foundation
import FundChainStore
import FundChainTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOSSL
import ServiceLifecycle
import Testing

@testable import FundChainServer
@testable import FundChainStore

/// HTTPS and mutual TLS on a live server (127.0.0.1, port 0), with a throwaway CA and
/// certificates made by `scripts/test-certificates` for each test.
@Suite(.enabled(if: TestCluster.tlsEnabled, "PostgreSQL or openssl is not installed"))
struct TLSServerTests {
    @Test(arguments: [UInt64(41)])
    func httpsWorksAndPlainHTTPIsRefused(seed: UInt64) async throws {
        try await withCertificates { certificates in
            try await Region.with(firms: 40, seed: seed) { region in
                let tls = ServerConfiguration.TLS(
                    certificateChainPath: certificates + "/server.crt", privateKeyPath: certificates + "/server.key")
                let trusting = try Self.client(certificates, identity: nil)
                let trustingOther = try Self.client(certificates, ca: "other-ca", identity: nil)
                try await region.withTLSServer(tls) { port in
                    let https = try await Self.get(port: port, "/healthz", tls: trusting)
                    #expect(https.status == .ok)
                    // The server's certificate is checked: another CA does not vouch for it.
                    await #expect(throws: (any Error).self) {
                        try await Self.get(port: port, "/healthz", tls: trustingOther)
                    }
                    // Plain HTTP to the TLS port gets no answer.
                    await #expect(throws: (any Error).self) { try await Self.get(port: port, "/healthz", tls: nil) }
                }
            }
        }
    }

    @Test(arguments: [UInt64(42)])
    func mutualTLSRequiresAClientCertificateAndAuditsIt(seed: UInt64) async throws {
        try await withCertificates { certificates in
            try await Region.with(firms: 40, seed: seed) { region in
                let key = try await region.key(client: "mtls", scopes: ["score"])
                let firm = try #require(region.firms.first)
                try await region.grant([firm], purposes: [.score]) { _ in "c" }
                let tls = ServerConfiguration.TLS(
                    certificateChainPath: certificates + "/server.crt", privateKeyPath: certificates + "/server.key",
                    clientCAPath: certificates + "/ca.crt")
                let anonymous = try Self.client(certificates, identity: nil)
                let otherBank = try Self.client(certificates, identity: "other-client")
                let bank = try Self.client(certificates, identity: "client")
                try await region.withTLSServer(tls) { port in
                    // No client certificate, or one from another CA: the handshake fails.
                    await #expect(throws: (any Error).self) {
                        try await Self.get(port: port, "/healthz", tls: anonymous)
                    }
                    await #expect(throws: (any Error).self) {
                        try await Self.get(port: port, "/healthz", tls: otherBank)
                    }
                    // The bank's certificate from the CA: answered, and recorded in the audit row.
                    try await Self.waitUntilReady(port: port, tls: bank)
                    let body = #"{"uscc":"\#(firm)","consent_ref":"c"}"#
                    let response = try await Self.post(
                        port: port, "/v1/scores", key: key.text, json: body,
                        tls: bank)
                    #expect(response.status == .ok)
                }
                let expected = try Self.opensslDescription(certificates + "/client.crt")
                let client = "mtls"
                var recorded: [String?] = []
                let rows = try await region.database.client.query(
                    "SELECT client_cert FROM audit_log WHERE client = \(client)", logger: region.database.logger)
                for try await certificate in rows.decode(String?.self) { recorded.append(certificate) }
                #expect(recorded == [expected])
            }
        }
    }

    /// `sha256:<hex> <subject>` as the openssl CLI computes it (fingerprint of the DER; subject
    /// in RFC 2253 form): independent of the server's own code.
    static func opensslDescription(_ certificate: String) throws -> String {
        let result = try ProcessRunner.run(
            "/usr/bin/openssl",
            ["x509", "-in", certificate, "-noout", "-fingerprint", "-sha256", "-subject", "-nameopt", "RFC2253"])
        try #require(result.succeeded, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let fingerprint = try #require(lines.first { $0.lowercased().hasPrefix("sha256 fingerprint=") })
        let subject = try #require(lines.first { $0.hasPrefix("subject=") })
        let hex = fingerprint.split(separator: "=")[1].replacingOccurrences(of: ":", with: "").lowercased()
        return "sha256:\(hex) \(subject.dropFirst("subject=".count))"
    }

    /// A client TLS configuration trusting `ca`.crt, presenting `identity`.crt/.key if given.
    static func client(_ certificates: String, ca: String = "ca", identity: String?) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file("\(certificates)/\(ca).crt")
        if let identity {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(certificates)/\(identity).crt").map {
                .certificate($0)
            }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(certificates)/\(identity).key", format: .pem))
        }
        return tls
    }

    static func get(port: Int, _ uri: String, tls: TLSConfiguration?) async throws -> TestClient.Response {
        try await execute(port: port, TestClient.Request(uri, method: .get, authority: "localhost"), tls: tls)
    }

    static func post(port: Int, _ uri: String, key: String, json: String, tls: TLSConfiguration?) async throws
        -> TestClient.Response
    {
        let headers: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
        return try await execute(
            port: port,
            TestClient.Request(
                uri, method: .post, authority: "localhost", headers: headers, body: ByteBuffer(string: json)),
            tls: tls)
    }

    /// Polls `/readyz` (every 50 ms, at most 600 times) until the batch is loaded.
    static func waitUntilReady(port: Int, tls: TLSConfiguration) async throws {
        for _ in 0..<600 {
            if try await get(port: port, "/readyz", tls: tls).status == .ok { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server did not become ready")
    }

    /// One request on a new connection to localhost:`port` (the name is what the client checks
    /// the server's certificate against; the server listens on 127.0.0.1).
    static func execute(port: Int, _ request: TestClient.Request, tls: TLSConfiguration?) async throws
        -> TestClient.Response
    {
        try await TestClient.withClient(
            host: "localhost", port: port, configuration: .init(tlsConfiguration: tls, timeout: .seconds(60))
        ) { client in
            try await client.execute(request)
        }
    }

    /// Runs `body` with a fresh test PKI, removed afterwards.
    func withCertificates(_ body: (String) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "fundchain-tls-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = try ProcessRunner.run(
            "/bin/bash", [repoRoot.appendingPathComponent("scripts/test-certificates").path, directory])
        try #require(made.succeeded, "scripts/test-certificates: \(made.stderr)")
        try await body(directory)
    }
}

extension Region {
    /// Runs `body` with the port of a live server on this region's database that serves `tls`
    /// on 127.0.0.1 (port 0: a free one); shuts it down afterwards.
    func withTLSServer(_ tls: ServerConfiguration.TLS, _ body: @Sendable (Int) async throws -> Void) async throws {
        try await withLiveServer(configure: { $0.tls = tls }, body)
    }
}
