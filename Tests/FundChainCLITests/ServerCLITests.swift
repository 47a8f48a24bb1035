import Foundation
import Testing

@testable import fundchain

/// `fundchain apikey` and `fundchain serve`: argument checking before any database is touched.
@Suite struct ServerCLITests {
    static let nowhere = ["--database", "postgres://nobody@127.0.0.1:1/x"]

    @Test func apikeyCreateChecksItsScopes() throws {
        let run = try GraphCLITests.run(
            ["apikey", "create", "--client", "c", "--bank", "B", "--scopes", "score,admin"] + Self.nowhere)
        #expect(run.status != 0 && run.stderr.contains("unknown scope 'admin'"))
        let empty = try GraphCLITests.run(["apikey", "create", "--client", " ", "--bank", "B", "--scopes", "score"] + Self.nowhere)
        #expect(empty.status != 0 && empty.stderr.contains("--client"))
    }

    @Test func serveChecksItsOptions() throws {
        let port = try GraphCLITests.run(["serve", "--port", "70000"] + Self.nowhere)
        #expect(port.status != 0 && port.stderr.contains("--port"))
        let rate = try GraphCLITests.run(["serve", "--rate-limit", "0"] + Self.nowhere)
        #expect(rate.status != 0 && rate.stderr.contains("--rate-limit"))
    }

    @Test func helpListsTheCommands() throws {
        let run = try GraphCLITests.run(["apikey", "--help"])
        #expect(run.status == 0 && run.stdout.contains("create") && run.stdout.contains("revoke"))
        let serve = try GraphCLITests.run(["serve", "--help"])
        #expect(serve.status == 0 && serve.stdout.contains("--host") && serve.stdout.contains("--rate-burst"))
    }
}
