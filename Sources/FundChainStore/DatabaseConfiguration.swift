import PostgresNIO

/// Where the database is: parsed from a `postgres://user:password@host:port/database` URL, or a
/// Unix-domain socket directory for the managed local cluster; and, over TCP, how the connection
/// is protected (libpq's `sslmode` and `sslrootcert`, see `DatabaseConfiguration+TLS.swift`).
public struct DatabaseConfiguration: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// Directory holding `.s.PGSQL.<port>`.
        case socket(directory: String, port: Int)
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    /// libpq's `sslmode`. Over TCP it defaults to `verifyFull` (TLS, the certificate checked
    /// against the trust roots and the host name); on a Unix socket, where TLS does not apply,
    /// to `disable`.
    public var sslMode: SSLMode
    /// libpq's `sslrootcert`: a PEM file of the CA certificates the server's certificate must chain
    /// to, or `system` for the system trust store. `nil`: the system trust store.
    public var sslRootCert: String?

    /// `sslMode` `nil` takes the endpoint's default: `verifyFull` over TCP, `disable` on a socket.
    public init(
        endpoint: Endpoint, username: String, password: String?, database: String, sslMode: SSLMode? = nil,
        sslRootCert: String? = nil
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode ?? Self.defaultSSLMode(endpoint)
        self.sslRootCert = sslRootCert
    }

    public struct InvalidURLError: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { "invalid database URL: \(reason)" }
    }

    /// Parses `postgres://` / `postgresql://` URLs. `?host=/path` selects a socket directory
    /// (libpq's convention), so the same URL works with `psql`. `sslmode` and `sslrootcert` keep
    /// libpq's meanings, except that `allow` and `prefer` (which may fall back to plaintext without
    /// saying so) are refused.
    public init(url: String) throws {
        var rest = Substring(url)
        if rest.hasPrefix("postgresql://") {
            rest = rest.dropFirst("postgresql://".count)
        } else if rest.hasPrefix("postgres://") {
            rest = rest.dropFirst("postgres://".count)
        } else {
            throw InvalidURLError(reason: "expected postgres:// or postgresql://")
        }
        var query: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                query[String(kv[0])] = kv.count > 1 ? Self.percentDecode(kv[1]) : ""
            }
            rest = rest[..<q]
        }
        var user = "postgres"
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let auth = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = auth.firstIndex(of: ":") {
                user = Self.percentDecode(auth[..<colon])
                password = Self.percentDecode(auth[auth.index(after: colon)...])
            } else {
                user = Self.percentDecode(auth)
            }
        }
        var database = user
        if let slash = rest.firstIndex(of: "/") {
            let name = rest[rest.index(after: slash)...]
            if !name.isEmpty { database = Self.percentDecode(name) }
            rest = rest[..<slash]
        }
        var host = String(rest)
        var port = 5432
        if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw InvalidURLError(reason: "bad port")
            }
            port = p
            host = String(rest[..<colon])
        }
        if let socket = query["host"], socket.hasPrefix("/") {
            endpoint = .socket(directory: socket, port: Int(query["port"] ?? "") ?? port)
        } else {
            guard !host.isEmpty else { throw InvalidURLError(reason: "missing host") }
            endpoint = .tcp(host: host, port: port)
        }
        self.username = user
        self.password = password
        self.database = database
        (sslMode, sslRootCert) = try Self.parseTLS(query, endpoint: endpoint)
    }

    /// The URL, with the password replaced by `***` unless `revealPassword`. It names the
    /// `sslmode` (on a socket, unless `disable`), so that parsing it gives this configuration back.
    public func url(revealPassword: Bool = false) -> String {
        let auth = username + (password.map { ":" + (revealPassword ? Self.percentEncode($0) : "***") } ?? "")
        var tls: [String] = []
        if isTCP || sslMode != .disable { tls.append("sslmode=" + sslMode.rawValue) }
        if let sslRootCert { tls.append("sslrootcert=" + Self.percentEncode(sslRootCert, keepingSlashes: true)) }
        switch endpoint {
        case .tcp(let host, let port):
            return "postgres://\(auth)@\(host):\(port)/\(database)?" + tls.joined(separator: "&")
        case .socket(let directory, let port):
            return "postgresql://\(auth)@/\(database)?"
                + (["host=\(directory)", "port=\(port)"] + tls).joined(separator: "&")
        }
    }

    /// The PostgresNIO client configuration for this endpoint.
    ///
    /// Without PostgresNIO's keep-alive pings: with 1.33.2, shutting a pool down while a ping
    /// is running can leave `PostgresClient.run()` waiting forever (the test suite hung on it
    /// once in a few runs). Nothing here needs them: command-line runs are short, and the
    /// server probes PostgreSQL itself every `probeInterval` through the same pool.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: tlsConfiguration.map { .require($0) } ?? .disable)
        case .socket(let directory, let port):
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(directory)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
        }
        configuration.options.keepAliveBehavior = nil
        return configuration
    }

    /// The same endpoint and TLS settings for a single connection (`Database.probe`,
    /// `AuditConnection`).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        switch endpoint {
        case .tcp(let host, let port):
            let tls = try tlsConfiguration.map {
                PostgresConnection.Configuration.TLS.require(try NIOSSLContext(configuration: $0))
            }
            return PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls ?? .disable
            )
        case .socket(let directory, let port):
            return PostgresConnection.Configuration(
                unixSocketPath: "\(directory)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
        }
    }

    static func percentDecode(_ s: some StringProtocol) -> String {
        var out: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2,
                let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16)
            {
                out.append(v)
                it = it.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 unreserved characters kept, every other byte `%XX`; `/` kept too if `keepingSlashes`
    /// (for a file path in the query, which stays readable).
    static func percentEncode(_ s: String, keepingSlashes: Bool = false) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                || b == 0x2E || b == 0x5F || b == 0x7E
                || (keepingSlashes && b == 0x2F)
            {
                out.append(Character(Unicode.Scalar(b)))
            } else {
                out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
