import Foundation
import HummingbirdTLS
import NIOSSL

#if canImport(Glibc)
    import Glibc
#endif

/// HTTPS for the bank API, mutual TLS, and the rule that plain HTTP stays on loopback.
extension ServerConfiguration {
    /// The server's TLS material: PEM files, read when the server starts.
    public struct TLS: Sendable, Equatable {
        /// The server's certificate, followed by any intermediates (PEM).
        public var certificateChainPath: String
        /// The certificate's private key (PEM). Must not be readable or writable by other users.
        public var privateKeyPath: String
        /// For mutual TLS: the CA certificate(s) (PEM) a bank's client certificate must chain to.
        /// A client without such a certificate cannot connect. `nil`: no client certificate asked.
        public var clientCAPath: String?

        public init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
            self.clientCAPath = clientCAPath
        }
    }

    /// A configuration the server refuses to start with; the description says why and what to do.
    public struct ValidationError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Checks the transport rules: plain HTTP only on a loopback address unless `insecureHTTP`;
    /// the TLS files readable and valid; the private key not open to other users (refused, as
    /// PostgreSQL and OpenSSH refuse such a key).
    public func validate() throws {
        if tls == nil, !insecureHTTP, !Self.isLoopback(host) {
            throw ValidationError(
                description: """
                    plain HTTP is served only on a loopback address (127.0.0.1, ::1, localhost), not on \(host): \
                    serve HTTPS (--tls-cert and --tls-key), or accept plain HTTP explicitly with --insecure-http \
                    (e.g. behind a TLS-terminating proxy)
                    """)
        }
        if tls != nil, insecureHTTP {
            throw ValidationError(description: "--insecure-http and TLS exclude each other: choose one")
        }
        if let metrics = metricsListener {
            guard (0...65535).contains(metrics.port) else {
                throw ValidationError(description: "the metrics port must be 0…65535, not \(metrics.port)")
            }
            guard metrics.port == 0 || metrics.port != port || metrics.host != host else {
                throw ValidationError(description: "the metrics listener needs a port other than the API's (\(port))")
            }
        }
        _ = try makeTLSConfiguration()
    }

    /// swift-nio-ssl's server configuration (TLS 1.2 at least); `nil` for plain HTTP.
    func makeTLSConfiguration() throws -> TLSConfiguration? {
        guard let tls else { return nil }
        try Self.checkPrivateKeyMode(tls.privateKeyPath)
        let chain = try Self.load("certificate", tls.certificateChainPath) {
            try NIOSSLCertificate.fromPEMFile($0).map { NIOSSLCertificateSource.certificate($0) }
        }
        guard !chain.isEmpty else {
            throw ValidationError(description: "no certificate in \(tls.certificateChainPath)")
        }
        let key = try Self.load("private key", tls.privateKeyPath) { try NIOSSLPrivateKey(file: $0, format: .pem) }
        var configuration: TLSConfiguration
        if let caPath = tls.clientCAPath {
            let roots = try Self.load("client CA", caPath) { try NIOSSLCertificate.fromPEMFile($0) }
            configuration = .makeServerConfigurationWithMTLS(
                certificateChain: chain, privateKey: .privateKey(key), trustRoots: .certificates(roots))
            // Tells clients which CA to pick their certificate by (curl and browsers use it).
            configuration.sendCANameList = true
        } else {
            configuration = .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        }
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// `true` for `localhost`, an IPv4 address in 127.0.0.0/8, and `::1`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { Array($0) } == Array(repeating: 0, count: 15) + [1]
    }

    /// Refuses a private key that other users may read or write (mode `o+r` or `o+w`).
    static func checkPrivateKeyMode(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ValidationError(
                description: "cannot read the TLS private key \(path): \(String(cString: strerror(errno)))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o007 == 0 else {
            throw ValidationError(
                description: "the TLS private key \(path) is open to every user (mode \(String(mode, radix: 8))): "
                    + "chmod 600 \(path)")
        }
    }

    static func load<T>(_ what: String, _ path: String, _ body: (String) throws -> T) throws -> T {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ValidationError(description: "cannot read the TLS \(what) \(path)")
        }
        do {
            return try body(path)
        } catch {
            throw ValidationError(description: "the TLS \(what) \(path) is not valid PEM: \(error)")
        }
    }
}
