import Foundation
import FundChainTestSupport
import Testing

@testable import fundchain

/// `fundchain products`: the compiled-in catalog and argument checking (no database needed).
@Suite struct ProductsCLITests {
    /// The compiled-in starter catalog is products/*.yaml, file for file and byte for byte (so
    /// its sha256 is the same whichever was loaded).
    @Test func embeddedCatalogIsTheDirectory() throws {
        let directory = repoRoot.appendingPathComponent("products")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(EmbeddedProducts.files.map(\.name) == names, "run scripts/gen-embedded-products.sh")
        for (name, yaml) in EmbeddedProducts.files {
            let file = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(yaml + "\n" == file, "run scripts/gen-embedded-products.sh after editing \(name)")
        }
    }

    @Test func matchChecksTheCodeBeforeTouchingTheDatabase() throws {
        let run = try CLIRun.run(["products", "match", "91500000NOTACODE00", "--database", "postgres://nobody@127.0.0.1:1/x"])
        #expect(run.status != 0 && run.stderr.contains("91500000NOTACODE00"))
        let format = try CLIRun.run(["products", "match", "91500000MA5U7N1A2X", "--format", "xml"])
        #expect(format.status != 0 && format.stderr.contains("xml"))
    }

    @Test func loadRejectsAMissingDirectory() throws {
        let run = try CLIRun.run(["products", "load", "/nonexistent-products-dir", "--database", "postgres://nobody@127.0.0.1:1/x"])
        #expect(run.status != 0 && run.stderr.contains("/nonexistent-products-dir: no such directory"))
    }

    @Test func helpListsTheSubcommands() throws {
        let run = try CLIRun.run(["products", "--help"])
        #expect(run.status == 0 && run.stdout.contains("load") && run.stdout.contains("list") && run.stdout.contains("match"))
    }
}
