import Foundation
import FundChainTestSupport
import Testing

@testable import fundchain

/// `fundchain products`: argument checking (no database needed; EmbeddedCopiesTests checks the
/// compiled-in catalog).
@Suite struct ProductsCLITests {
    @Test func matchChecksTheCodeBeforeTouchingTheDatabase() throws {
        let run = try CLIRun.run([
            "products", "match", "91500000NOTACODE00", "--database", "postgres://nobody@127.0.0.1:1/x",
        ])
        #expect(run.status != 0 && run.stderr.contains("91500000NOTACODE00"))
        let format = try CLIRun.run(["products", "match", "91500000MA5U7N1A2X", "--format", "xml"])
        #expect(format.status != 0 && format.stderr.contains("xml"))
    }

    @Test func loadRejectsAMissingDirectory() throws {
        let run = try CLIRun.run([
            "products", "load", "/nonexistent-products-dir", "--database", "postgres://nobody@127.0.0.1:1/x",
        ])
        #expect(run.status != 0 && run.stderr.contains("/nonexistent-products-dir: no such directory"))
    }

    @Test func helpListsTheSubcommands() throws {
        let run = try CLIRun.run(["products", "--help"])
        #expect(
            run.status == 0 && run.stdout.contains("load") && run.stdout.contains("list")
                && run.stdout.contains("match"))
    }
}
