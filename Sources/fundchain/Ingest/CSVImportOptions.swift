import ArgumentParser
import Foundation
import FundChainStore

/// The arguments and the run of the CSV imports outside `fundchain ingest` (`consent import`,
/// `events import`): the same accounting, reasons, `--strict` and exit code as the ingest.
struct CSVImportOptions: ParsableArguments {
    @Argument(help: "CSV files (UTF-8, header row, any column order).")
    var files: [String]

    @Flag(help: "Reject the whole file if any row is bad: load all of it or nothing.")
    var strict = false

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("\(file): no such readable file")
        }
    }

    /// Loads the files one after the other as `kind`, printing each summary (text or JSON on
    /// stdout) and each error (stderr); exits with `ExitCodes.ingestFailed` when any failed.
    func run(_ kind: IngestKind) async throws {
        let (files, json, options) = (files, json, IngestOptions(strict: strict))
        let failed = try await database.withDatabase(logger: CLILogger.make()) { db in
            var failed = false
            for file in files {
                do {
                    let summary = try await Ingestor(database: db).ingest(kind, path: file, options: options)
                    print(json ? summary.json : summary.text)
                    if summary.status != "completed" { failed = true }
                } catch {
                    Terminal.note("error: \(error)")
                    failed = true
                }
            }
            return failed
        }
        if failed { throw ExitCode(ExitCodes.ingestFailed) }
    }
}
