import Foundation
import Testing

@testable import FundChainServer

/// The transport rules of `ServerConfiguration`: plain HTTP on loopback only, unless asked for;
/// a TLS private key open to other users refused.
struct ServerTLSConfigurationTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.0.9", true), ("::1", true), ("[::1]", true), ("localhost", true),
        ("0.0.0.0", false), ("::", false), ("10.0.0.1", false), ("128.0.0.1", false), ("126.255.255.255", false),
        ("fundchain.example", false), ("", false),
    ])
    func loopbackAddresses(host: String, loopback: Bool) {
        #expect(ServerConfiguration.isLoopback(host) == loopback)
    }

    @Test func plainHTTPOffLoopbackNeedsInsecureHTTP() throws {
        var configuration = ServerConfiguration()
        try configuration.validate()  // the default, 127.0.0.1
        configuration.host = "0.0.0.0"
        #expect {
            try configuration.validate()
        } throws: { "\($0)".contains("--insecure-http") && "\($0)".contains("0.0.0.0") }
        configuration.insecureHTTP = true
        try configuration.validate()
    }

    @Test func tlsAndInsecureHTTPExcludeEachOther() {
        var configuration = ServerConfiguration()
        configuration.tls = .init(certificateChainPath: "/nonexistent.crt", privateKeyPath: "/nonexistent.key")
        configuration.insecureHTTP = true
        #expect(throws: ServerConfiguration.ValidationError.self) { try configuration.validate() }
    }

    /// Other users' bits are what count: 0600 and 0640 pass the mode check, 0604 and 0644 fail.
    @Test(arguments: [(0o600, true), (0o640, true), (0o604, false), (0o644, false), (0o602, false)])
    func privateKeyModes(mode: Int, accepted: Bool) throws {
        let path = NSTemporaryDirectory() + "fundchain-key-\(UUID().uuidString).pem"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("not a key".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        if accepted {
            try ServerConfiguration.checkPrivateKeyMode(path)
        } else {
            #expect {
                try ServerConfiguration.checkPrivateKeyMode(path)
            } throws: { "\($0)".contains("chmod 600 \(path)") }
        }
        // Through validate(): an open key is refused before it is even read.
        var configuration = ServerConfiguration()
        configuration.tls = .init(certificateChainPath: "/nonexistent.crt", privateKeyPath: path)
        #expect {
            try configuration.validate()
        } throws: { "\($0)".contains(accepted ? "/nonexistent.crt" : "chmod 600") }
    }
}
