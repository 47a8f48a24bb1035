import Foundation
import FundChainStore
import FundChainTestSupport
import Testing

/// Database URLs against a PostgreSQL that accepts TLS connections only (`TLSTestCluster`):
/// each `sslmode` does what libpq's does, and TCP is never plaintext unless the URL says so.
@Suite(.enabled(if: TLSTestCluster.enabled, "PostgreSQL or openssl is not installed"))
struct PostgresTLSTests {
    /// What a connection with a URL gave: whether the session is encrypted (pg_stat_ssl), or the
    /// description of the error that stopped it.
    struct Outcome {
        var encrypted: Bool?
        var error: String?
    }

    static func connect(_ url: String) async -> Outcome {
        do {
            let configuration = try DatabaseConfiguration(url: url)
            let encrypted = try await Database.with(configuration, logger: TestCluster.logger) { database in
                let rows = try await database.client.query(
                    "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: database.logger)
                for try await ssl in rows.decode(Bool.self) { return ssl }
                return false
            }
            return Outcome(encrypted: encrypted)
        } catch {
            return Outcome(error: "\(error)")
        }
    }

    @Test func eachSSLModeAgainstATLSOnlyServer() async throws {
        try await TLSTestCluster.with { server in
            let ca = "sslrootcert=\(server.certificates)/ca.crt"
            let otherCA = "sslrootcert=\(server.certificates)/other-ca.crt"

            // verify-full with the right CA and the host the certificate names (localhost): TLS.
            #expect(await Self.connect(server.url("sslmode=verify-full&" + ca)).encrypted == true)
            // No sslmode over TCP means verify-full: encrypted and checked.
            #expect(await Self.connect(server.url(ca)).encrypted == true)
            // require without a root certificate: encrypted, nothing checked.
            #expect(await Self.connect(server.url("sslmode=require")).encrypted == true)

            // verify-full with a CA that did not issue the server's certificate: refused.
            let wrongCA = await Self.connect(server.url("sslmode=verify-full&" + otherCA))
            #expect(wrongCA.error?.contains("cannot connect") == true, "\(wrongCA)")
            // libpq's rule: require with a root certificate checks the chain as verify-ca does.
            let requireWrongCA = await Self.connect(server.url("sslmode=require&" + otherCA))
            #expect(requireWrongCA.error?.contains("cannot connect") == true, "\(requireWrongCA)")
            // No sslmode and no sslrootcert: the system trust store, which does not know the test CA.
            let systemStore = await Self.connect(server.url(""))
            #expect(systemStore.error?.contains("cannot connect") == true, "\(systemStore)")

            // The certificate names localhost only: to 127.0.0.1, verify-ca passes and verify-full fails.
            #expect(await Self.connect(server.url(host: "127.0.0.1", "sslmode=verify-ca&" + ca)).encrypted == true)
            let wrongHost = await Self.connect(server.url(host: "127.0.0.1", "sslmode=verify-full&" + ca))
            #expect(wrongHost.error?.contains("cannot connect") == true, "\(wrongHost)")

            // Plaintext, explicitly asked for, is refused by the server's hostssl-only rules.
            let plain = await Self.connect(server.url("sslmode=disable"))
            #expect(plain.error?.contains("cannot connect") == true, "\(plain)")
            #expect(plain.error?.contains("no encryption") == true, "\(plain)")
        }
    }
}
