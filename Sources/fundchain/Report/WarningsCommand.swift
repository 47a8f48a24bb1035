import ArgumentParser
import Foundation
import FundChainReportStore
import FundChainStore

/// `fundchain warnings scan|ack`: the "warn" and "dispose" steps of the early-warning loop.
struct WarningsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract: "Raise early warnings (`scan`; every `fundchain build` does) and handle them (`ack`).",
        discussion: """
            The warn and dispose steps of the early-warning loop; `fundchain report warnings` lists \
            them and only reads.
            """,
        subcommands: [WarningsScanCommand.self, WarningsAckCommand.self])
}

struct WarningsAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Mark a warning handled, with a note (once; the time is recorded).")

    @Argument(help: "The warning's id (from `fundchain report warnings`).")
    var id: Int64

    @Option(help: "What was done, e.g. who was called and what they said.")
    var note: String

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if id <= 0 { throw ValidationError("ID must be a positive number") }
        if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--note must not be empty")
        }
    }

    func run() async throws {
        let (id, note) = (id, note)
        do {
            let warning = try await database.withDatabase(logger: CLILogger.make()) { db in
                try await WarningStore(database: db).acknowledge(id: id, note: note)
            }
            StandardOutput.write("warning \(warning.id) handled \(warning.handledAt.map { "\($0)" } ?? "")\n")
        } catch let error as StoreError where error.code == .notFound || error.code == .invalidInput {
            Terminal.note("error: \(error)")
            throw ReportExitCode.noData
        }
    }
}
