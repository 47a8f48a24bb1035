import ArgumentParser
import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore

extension ReportFormat: ExpressibleByArgument {}

/// The options every `fundchain report …` command takes.
struct ReportOptions: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Report on the latest build as of this date (YYYY-MM-DD). Default: the latest build.", valueName: "date"))
    var asOf: String?

    @Option(
        help: ArgumentHelp(
            "Only firms of this Chongqing division: 50 (city), a 6-digit district or a 9-digit town.", valueName: "code"
        ))
    var region: String?

    @Option(
        help: ArgumentHelp(
            "Only firms of this GB/T 4754 industry: section (C), division (C36), group or class.", valueName: "code"))
    var industry: String?

    @Option(help: "Output format: table, csv (one table), json, markdown or html (self-contained, with charts).")
    var format: ReportFormat = .table

    @Option(help: ArgumentHelp("CSV only: which of the report's tables (default: the first).", valueName: "name"))
    var table: String?

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let asOf, (try? CalendarDate(parsing: asOf)) == nil {
            throw ValidationError("--as-of must be a date, YYYY-MM-DD")
        }
        if let region, (try? RegionCode(region)) == nil {
            throw ValidationError("--region: '\(region)' is not a known Chongqing division code")
        }
        if let industry, (try? IndustryCode(industry)) == nil {
            throw ValidationError("--industry: '\(industry)' is not a GB/T 4754-2017 industry code")
        }
        if table != nil, format != .csv { throw ValidationError("--table applies to --format csv only") }
    }

    var filter: ReportFilter {
        ReportFilter(
            region: region.flatMap { try? RegionCode($0) }, industry: industry.flatMap { try? IndustryCode($0) })
    }

    var date: CalendarDate? { asOf.flatMap { try? CalendarDate(parsing: $0) } }

    /// Runs `body` with the report's build (and the one before), loaded; fails when there is none.
    func withBatches<T: Sendable>(
        needsPrevious: Bool = false, bodies: Bool = true,
        _ body: @Sendable (Database, SnapshotBatch, ReportBatch, (SnapshotBatch, ReportBatch)?) async throws -> T
    ) async throws -> T {
        let date = self.date
        return try await database.withDatabase(logger: CLILogger.make()) { db in
            let store = ReportStore(database: db)
            guard let (current, previous) = try await store.batches(asOf: date) else {
                Terminal.note("error: no build\(date.map { " as of \($0)" } ?? "") yet (run `fundchain build`)")
                throw ReportExitCode.noData
            }
            Terminal.note("reading build \(current.id) (as of \(current.asOf), \(current.firmCount) firms)…")
            // Both builds at once, on two connections: each load is half the server's reading and
            // half the client's parsing, so together they keep both busy (at 1M firms the
            // portfolio report took 121 s reading them one after the other).
            async let loading = store.load(current, bodies: bodies)
            var before: (SnapshotBatch, ReportBatch)?
            if needsPrevious, let previous {
                Terminal.note("reading the previous build \(previous.id) (as of \(previous.asOf))…")
                before = (previous, try await store.load(previous))
            }
            return try await body(db, current, try await loading, before)
        }
    }

    /// Renders `report` to `--out` or standard output.
    func emit(_ report: Report) throws {
        let text: String
        do {
            text = try report.rendered(as: format, table: table)
        } catch {
            Terminal.note("error: \(error)")
            throw ExitCode.validationFailure
        }
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            Terminal.note("wrote \(out) (\(report.kind), \(format.rawValue))")
        } else {
            StandardOutput.write(text)
        }
    }
}

/// Exit codes of the report and warnings commands.
enum ReportExitCode {
    /// No build to report on (or no warning scan of it, no such batch to scan, no such warning).
    static let noData = ExitCode(3)
}
