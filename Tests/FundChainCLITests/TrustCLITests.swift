import Foundation
import FundChainTestSupport
import Testing

@testable import fundchain

/// `fundchain consent`, `db role` and the database password: argument checking and secret
/// handling before (or without) any database being reachable.
@Suite struct TrustCLITests {
    static let nowhere = ["--database", "postgres://nobody@127.0.0.1:1/x?sslmode=disable"]

    @Test func aPasswordOnTheCommandLineIsWarnedAboutAndNeverPrinted() throws {
        let run = try CLIRun.run(["scores", "--database", "postgres://u:s3cr3t-pw@127.0.0.1:1/x?sslmode=disable"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("warning: the --database URL holds a password"))
        #expect(!run.stderr.contains("s3cr3t-pw") && !run.stdout.contains("s3cr3t-pw"))
    }

    @Test func thePasswordComesFromAFileOrTheEnvironment() throws {
        let path = try GraphCLITests.temporaryFile("from-file\nsecond line\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try DatabaseOptions.password(environment: ["FUNDCHAIN_DATABASE_PASSWORD_FILE": path]) == "from-file")
        #expect(
            try DatabaseOptions.password(environment: ["FUNDCHAIN_DATABASE_PASSWORD_FILE": path, "PGPASSWORD": "env"])
                == "from-file")
        #expect(try DatabaseOptions.password(environment: ["PGPASSWORD": "env"]) == "env")
        #expect(try DatabaseOptions.password(environment: [:]) == nil)
        #expect(throws: (any Error).self) {
            try DatabaseOptions.password(environment: ["FUNDCHAIN_DATABASE_PASSWORD_FILE": "/nonexistent/pw"])
        }
    }

    @Test func consentGrantChecksItsArguments() throws {
        let base = ["consent", "grant", "91500112MA5U00001H", "--bank", "CQRCB", "--reference", "R-1"]
        let purpose = try CLIRun.run(base + ["--purpose", "score,lending"] + Self.nowhere)
        #expect(purpose.status != 0 && purpose.stderr.contains("'lending' is not one of score, profile, products"))
        let dates = try CLIRun.run(
            base + ["--purpose", "score", "--granted-at", "2026-05-01", "--expires-at", "2026-05-01"] + Self.nowhere)
        #expect(dates.status != 0 && dates.stderr.contains("must be after --granted-at"))
        let firm = try CLIRun.run(
            ["consent", "grant", "91500112MA5U00001X", "--bank", "CQRCB", "--reference", "R", "--purpose", "score"]
                + Self.nowhere)
        #expect(firm.status != 0 && firm.stderr.contains("91500112MA5U00001X"))
    }

    @Test func ingestNoLongerTakesConsentsAndRoleCreationNeedsAGroup() throws {
        let ingest = try CLIRun.run(["ingest", "consents", "/dev/null"] + Self.nowhere)
        #expect(ingest.status != 0)
        let role = try CLIRun.run(["db", "role", "create", "svc", "--group", "superuser"] + Self.nowhere)
        #expect(
            role.status != 0 && role.stderr.contains("is not one of ingest, build, service, analyst, auditor, admin"))
        let missing = try CLIRun.run(
            ["db", "role", "create", "svc", "--group", "service", "--password-env", "FUNDCHAIN_TEST_UNSET_VARIABLE"]
                + Self.nowhere)
        #expect(missing.status != 0 && missing.stderr.contains("FUNDCHAIN_TEST_UNSET_VARIABLE is not set"))
    }
}
