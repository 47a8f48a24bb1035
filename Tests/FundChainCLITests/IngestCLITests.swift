import Foundation
import FundChainTestSupport
import Testing

/// `fundchain ingest` argument checking (no database needed: validate() runs first).
@Suite struct IngestCLITests {
    @Test func statementFormatsAreOnlyForTransactions() throws {
        let file = try GraphCLITests.temporaryFile("uscc,name\n")
        let run = try CLIRun.run(["ingest", "firms", file, "--format", "camt053"])
        #expect(run.status != 0 && run.stderr.contains("--format camt053 is only for transactions"))
        let unknown = try CLIRun.run(["ingest", "transactions", file, "--format", "bai2"])
        #expect(unknown.status != 0 && unknown.stderr.contains("bai2"))
        let bank = try CLIRun.run(["ingest", "transactions", file, "--bank", "ICBC-1"])
        #expect(bank.status != 0 && bank.stderr.contains("--bank must be 1-16 letters and digits"))
    }

    @Test func helpListsTheFormats() throws {
        let run = try CLIRun.run(["ingest", "--help"])
        #expect(run.status == 0 && run.stdout.contains("csv, camt053 or mt940") && run.stdout.contains("--bank"))
    }
}
