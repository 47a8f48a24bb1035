import Foundation
import FundChainTestSupport
import Testing

@testable import fundchain

/// `fundchain apikey` and `fundchain serve`: argument checking before any database is touched.
@Suite struct ServerCLITests {
    static let nowhere = ["--database", "postgres://nobody@127.0.0.1:1/x"]

    @Test func apikeyCreateChecksItsScopes() throws {
        let run = try CLIRun.run(
            ["apikey", "create", "--client", "c", "--bank", "B", "--scopes", "score,admin"] + Self.nowhere)
        #expect(run.status != 0 && run.stderr.contains("unknown scope 'admin'"))
        let empty = try CLIRun.run(
            ["apikey", "create", "--client", " ", "--bank", "B", "--scopes", "score"] + Self.nowhere)
        #expect(empty.status != 0 && empty.stderr.contains("--client"))
    }

    @Test func serveChecksItsOptions() throws {
        let port = try CLIRun.run(["serve", "--port", "70000"] + Self.nowhere)
        #expect(port.status != 0 && port.stderr.contains("--port"))
        let rate = try CLIRun.run(["serve", "--rate-limit", "0"] + Self.nowhere)
        #expect(rate.status != 0 && rate.stderr.contains("--rate-limit"))
    }

    /// Plain HTTP only on loopback; the TLS flags come in their pairs (exit 64: usage, before any
    /// database is touched).
    @Test func serveKeepsPlainHTTPOnLoopback() throws {
        let open = try CLIRun.run(["serve", "--host", "0.0.0.0"] + Self.nowhere)
        #expect(
            open.status == 64 && open.stderr.contains("loopback") && open.stderr.contains("--insecure-http"),
            "\(open.stderr)")
        let half = try CLIRun.run(["serve", "--tls-cert", "/nonexistent.crt"] + Self.nowhere)
        #expect(half.status == 64 && half.stderr.contains("--tls-key"), "\(half.stderr)")
        let ca = try CLIRun.run(["serve", "--client-ca", "/nonexistent-ca.crt"] + Self.nowhere)
        #expect(ca.status == 64 && ca.stderr.contains("--client-ca needs --tls-cert"), "\(ca.stderr)")
        let missing = try CLIRun.run(
            ["serve", "--host", "0.0.0.0", "--tls-cert", "/nonexistent.crt", "--tls-key", "/nonexistent.key"]
                + Self.nowhere)
        #expect(missing.status == 64 && missing.stderr.contains("/nonexistent.key"), "\(missing.stderr)")
    }

    @Test func helpListsTheCommands() throws {
        let run = try CLIRun.run(["apikey", "--help"])
        #expect(run.status == 0 && run.stdout.contains("create") && run.stdout.contains("revoke"))
        let serve = try CLIRun.run(["serve", "--help"])
        #expect(serve.status == 0 && serve.stdout.contains("--host") && serve.stdout.contains("--rate-burst"))
    }
}
