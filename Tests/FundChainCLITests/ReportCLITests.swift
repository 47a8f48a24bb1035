import Foundation
import FundChainTestSupport
import Testing

/// `fundchain report` and `fundchain warnings`: argument checking before any database work, and help.
@Suite struct ReportCLITests {
    static let nowhere = ["--database", "postgres://nobody@127.0.0.1:1/x"]

    @Test func optionsAreCheckedBeforeTheDatabase() throws {
        let region = try CLIRun.run(["report", "region", "--region", "999999"] + Self.nowhere)
        #expect(region.status != 0 && region.stderr.contains("'999999' is not a known Chongqing division code"))
        let industry = try CLIRun.run(["report", "gap", "--industry", "Z99"] + Self.nowhere)
        #expect(industry.status != 0 && industry.stderr.contains("'Z99' is not a GB/T 4754-2017 industry code"))
        let date = try CLIRun.run(["report", "portfolio", "--as-of", "2025-02-30"] + Self.nowhere)
        #expect(date.status != 0 && date.stderr.contains("--as-of must be a date"))
        let table = try CLIRun.run(["report", "region", "--table", "grades"] + Self.nowhere)
        #expect(table.status != 0 && table.stderr.contains("--table applies to --format csv only"))
        let format = try CLIRun.run(["report", "chain", "--format", "pdf"] + Self.nowhere)
        #expect(format.status != 0 && format.stderr.contains("pdf"))
        let shock = try CLIRun.run(["report", "risk", "--shock", "91500112MA5U00001H,nonsense"] + Self.nowhere)
        #expect(shock.status != 0 && shock.stderr.contains("'nonsense' is not a valid USCC"))
        let depth = try CLIRun.run(["report", "chain", "--depth", "7"] + Self.nowhere)
        #expect(depth.status != 0 && depth.stderr.contains("--depth must be 1 to 4"))
        let horizon = try CLIRun.run(["report", "warnings", "--horizon-months", "0"] + Self.nowhere)
        #expect(horizon.status != 0 && horizon.stderr.contains("--horizon-months must be 1…60"), "\(horizon)")
        let drop = try CLIRun.run(["warnings", "scan", "--score-drop=-1"] + Self.nowhere)
        #expect(drop.status != 0 && drop.stderr.contains("--score-drop must be 0 or more"), "\(drop)")
        let batch = try CLIRun.run(["warnings", "scan", "--batch", "0"] + Self.nowhere)
        #expect(batch.status != 0 && batch.stderr.contains("--batch must be a positive batch id"), "\(batch)")
        let note = try CLIRun.run(["warnings", "ack", "3", "--note", "  "] + Self.nowhere)
        #expect(note.status != 0 && note.stderr.contains("--note must not be empty"))
    }

    @Test func helpListsEveryReport() throws {
        let run = try CLIRun.run(["report", "--help"])
        #expect(run.status == 0)
        for kind in ["chain", "region", "risk", "warnings", "portfolio", "gap"] {
            #expect(run.stdout.contains(kind), "\(kind)")
        }
        let options = try CLIRun.run(["report", "region", "--help"])
        for option in ["--as-of", "--region", "--industry", "--format", "--out", "--table"] {
            #expect(options.stdout.contains(option), "\(option)")
        }
        // The report only reads: the threshold belongs to the commands that raise warnings.
        let warnings = try CLIRun.run(["report", "warnings", "--help"])
        #expect(
            warnings.stdout.contains("--horizon-months") && !warnings.stdout.contains("--score-drop"), "\(warnings)")
        let scan = try CLIRun.run(["warnings", "scan", "--help"])
        #expect(scan.status == 0 && scan.stdout.contains("--batch") && scan.stdout.contains("--score-drop"), "\(scan)")
        let build = try CLIRun.run(["build", "--help"])
        #expect(build.stdout.contains("--score-drop") && build.stdout.contains("early warnings"), "\(build)")
        let group = try CLIRun.run(["warnings", "--help"])
        #expect(group.stdout.contains("scan") && group.stdout.contains("ack"), "\(group)")
    }
}
