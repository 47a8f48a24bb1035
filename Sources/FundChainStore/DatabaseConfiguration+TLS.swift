import Foundation
import PostgresNIO

/// TLS to PostgreSQL, with libpq's `sslmode` and `sslrootcert` meanings
/// (https://www.postgresql.org/docs/current/libpq-ssl.html), and one rule of FundChain's own:
/// over TCP nothing travels in plaintext unless the URL says `sslmode=disable`.
extension DatabaseConfiguration {
    /// libpq's `sslmode`, less `allow` and `prefer`: those fall back to plaintext without saying
    /// so, and are refused. (A closed set: libpq defines it.)
    public enum SSLMode: String, Sendable, CaseIterable {
        /// No TLS. Over TCP only when the URL says so.
        case disable
        /// TLS; the server's certificate is not checked, unless `sslrootcert` is given: then as
        /// `verifyCA` (libpq's rule).
        case require
        /// TLS; the server's certificate must chain to `sslrootcert` (else the system trust store).
        case verifyCA = "verify-ca"
        /// As `verifyCA`, and the certificate must name the host: its DNS name, or for an IP
        /// address host that address (subjectAltName). The default over TCP.
        case verifyFull = "verify-full"
    }

    /// What the TLS handshake checks of the server's certificate.
    public enum ServerVerification: Sendable, Equatable {
        /// Nothing: encryption only (`sslmode=require` without `sslrootcert`).
        case encryptionOnly
        /// That it chains to the trust roots (`verify-ca`, or `require` with `sslrootcert`).
        case chain
        /// That it chains to the trust roots and names the host (`verify-full`).
        case chainAndHost
    }

    /// `sslrootcert`'s value naming the system trust store (libpq 16's spelling).
    public static let systemTrustStore = "system"

    static func defaultSSLMode(_ endpoint: Endpoint) -> SSLMode {
        if case .tcp = endpoint { .verifyFull } else { .disable }
    }

    var isTCP: Bool {
        if case .tcp = endpoint { true } else { false }
    }

    /// What TLS checks on this connection; `nil` when it is not encrypted (`sslmode=disable`, or
    /// a Unix socket, which PostgreSQL never encrypts).
    public var serverVerification: ServerVerification? {
        guard isTCP else { return nil }
        switch sslMode {
        case .disable: return nil
        case .require: return sslRootCert == nil ? .encryptionOnly : .chain
        case .verifyCA: return .chain
        case .verifyFull: return .chainAndHost
        }
    }

    /// swift-nio-ssl's client configuration for this connection; `nil` when it is not encrypted.
    /// TLS 1.2 at least. PostgresNIO sends the host as the expected name (SNI and verification);
    /// for an IP address host, swift-nio-ssl matches the certificate's IP addresses instead.
    public var tlsConfiguration: TLSConfiguration? {
        guard let verification = serverVerification else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        switch verification {
        case .encryptionOnly: tls.certificateVerification = .none
        case .chain: tls.certificateVerification = .noHostnameVerification
        case .chainAndHost: tls.certificateVerification = .fullVerification
        }
        if let sslRootCert, sslRootCert != Self.systemTrustStore { tls.trustRoots = .file(sslRootCert) }
        return tls
    }

    /// Fails with a clear message when `sslrootcert` is needed and cannot be read (swift-nio-ssl's
    /// own error would only say that a certificate failed to load).
    public func checkTLSFiles() throws {
        guard let verification = serverVerification, verification != .encryptionOnly, let path = sslRootCert,
            path != Self.systemTrustStore
        else { return }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError(.connectionFailed, "sslrootcert \(path) does not exist or cannot be read")
        }
    }

    /// `sslmode` and `sslrootcert` from a URL's query, checked; the endpoint's default mode when
    /// the URL names none.
    static func parseTLS(_ query: [String: String], endpoint: Endpoint) throws -> (SSLMode, String?) {
        for unsupported in ["sslcert", "sslkey", "sslpassword"] where query[unsupported] != nil {
            throw InvalidURLError(reason: "\(unsupported): client certificates to PostgreSQL are not supported")
        }
        var mode = defaultSSLMode(endpoint)
        if let text = query["sslmode"] {
            if text == "allow" || text == "prefer" {
                throw InvalidURLError(
                    reason: """
                        sslmode=\(text) may fall back to an unencrypted connection without saying so, so FundChain \
                        refuses it: choose sslmode=require, verify-ca or verify-full, or sslmode=disable explicitly
                        """)
            }
            guard let parsed = SSLMode(rawValue: text) else {
                throw InvalidURLError(
                    reason: "sslmode must be disable, require, verify-ca or verify-full, not '\(text)'")
            }
            mode = parsed
        }
        let root = query["sslrootcert"]
        if root == "" { throw InvalidURLError(reason: "sslrootcert must name a file (or 'system')") }
        if root == systemTrustStore, mode == .require || mode == .verifyCA {
            // libpq 16's rule: the system store vouches for any public name, so only with the host checked.
            throw InvalidURLError(reason: "sslrootcert=system needs sslmode=verify-full, not \(mode.rawValue)")
        }
        return (mode, root)
    }
}
