import Foundation
import FundChainCore
import FundChainReportStore
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// `fundchain warnings scan` raises, `fundchain report warnings` only reads: with the built
/// binary on two builds written by `BuildJob` alone (which raises nothing).
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct WarningScanCLITests {
    static func count(_ table: String, _ database: Database) async throws -> Int {
        try await database.client.query("SELECT count(*)::bigint FROM \(unescaped: table)").collect()[0]
            .decode(Int.self)
    }

    @Test(arguments: [UInt64(3)])
    func theReportAsksForAScanAndTheScanRaises(seed: UInt64) async throws {
        try await withTestDatabase { database in
            _ = try await GeneratedRegion.ingest(into: database, firms: 400, seed: seed)
            let job = BuildJob(database: database, model: try TestModel.expertCard())
            for asOf in ["2025-10-31", "2025-11-30"] {
                _ = try await job.run(.init(asOf: try CalendarDate(parsing: asOf), parallelism: 2))
            }
            let url = ["--database", database.configuration.url()]

            // Never scanned: the report says so and how to scan, and writes nothing.
            let unscanned = try CLIRun.run(["report", "warnings"] + url)
            #expect(unscanned.status == 3, "\(unscanned)")
            #expect(
                unscanned.stderr.contains("no warning scan ran for batch 2; run `fundchain warnings scan --batch 2`"),
                "\(unscanned)")
            #expect(try await Self.count("warnings", database) == 0)

            // The scan raises (threshold 20), once.
            let scan = try CLIRun.run(["warnings", "scan", "--score-drop", "20"] + url)
            #expect(scan.status == 0, "\(scan)")
            let stored = try await Self.count("warnings", database)
            #expect(stored > 0)
            #expect(
                scan.stdout.contains("against batch 1 (score drop > 20 points): \(stored) found, \(stored) new"),
                "\(scan)")
            let again = try CLIRun.run(["warnings", "scan", "--batch", "2", "--score-drop", "20"] + url)
            #expect(again.stdout.contains("\(stored) found, 0 new"), "\(again)")
            #expect(try await Self.count("warning_scans", database) == 2)

            // The report reads them, with the scan's threshold, and writes nothing.
            for _ in 0..<2 {
                let report = try CLIRun.run(["report", "warnings", "--format", "json"] + url)
                #expect(report.status == 0, "\(report)")
                let json = try JSONValue(parsing: Array(report.stdout.utf8))
                #expect(json["facts"]?["score_drop"]?.stringValue == "20 points", "\(report.stdout.prefix(400))")
                let rows = json["sections"]?.arrayValue?.first { $0["key"]?.stringValue == "warnings" }?["rows"]
                #expect(rows?.arrayValue?.count == stored)
            }
            #expect(try await Self.count("warnings", database) == stored)
            #expect(try await Self.count("warning_scans", database) == 2)

            // The first batch: scanned, it has nothing to compare with.
            let first = try CLIRun.run(["report", "warnings", "--as-of", "2025-11-29"] + url)
            #expect(first.status == 3 && first.stderr.contains("`fundchain warnings scan --batch 1`"), "\(first)")
            let scanFirst = try CLIRun.run(["warnings", "scan", "--batch", "1"] + url)
            #expect(scanFirst.stdout.contains("batch 1 is the first"), "\(scanFirst)")
            #expect(try CLIRun.run(["report", "warnings", "--as-of", "2025-11-29"] + url).status == 0)
            let missing = try CLIRun.run(["warnings", "scan", "--batch", "9"] + url)
            #expect(missing.status == 3 && missing.stderr.contains("no batch 9"), "\(missing)")
        }
    }
}
