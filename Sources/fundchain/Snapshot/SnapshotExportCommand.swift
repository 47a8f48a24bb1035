import ArgumentParser
import Foundation
import FundChainCore
import FundChainReports
import FundChainStore

/// `fundchain snapshot export ID --format html`: a printable one-page report for an audit file.
struct SnapshotExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export one snapshot as a printable, self-contained one-page HTML report (A4) with its inclusion proof.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case html }

    @OptionGroup var snapshot: SnapshotIDArgument

    @Option(help: "Output format: html (the only one).")
    var format = Format.html

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
    }

    func run() async throws {
        let id = snapshot.id
        let html = try await database.withDatabase(logger: CLILogger.make()) { db in
            SnapshotReportHTML.render(try await SnapshotLoad.report(id, store: SnapshotStore(database: db)))
        }
        if let out {
            do { try html.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                Terminal.note("error: \(out): cannot write: \(error.localizedDescription)")
                throw ExitCode.failure
            }
            Terminal.note("wrote \(out)")
        } else {
            StandardOutput.write(html)
        }
    }
}
