import ArgumentParser
import FundChainReportStore
import FundChainStore

/// `fundchain warnings scan`: the "warn" step of the early-warning loop, run on its own (every
/// `fundchain build` runs it on its new batch).
struct WarningsScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Raise a batch's early warnings against the batch before it (`fundchain build` does this itself).",
        discussion: """
            Compares the batch with the one before it, firm by firm: grade fell, score fell by more \
            than --score-drop, inflow collapsed, joined a payment cycle. Each warning is stored once \
            per firm, batch and kind, so scanning again adds nothing (a lower --score-drop adds the \
            score drops it newly finds); every scan is recorded, and `fundchain report warnings` \
            lists what the scans stored. Prints how many warnings were found and how many were new.
            """)

    @Option(help: ArgumentHelp("The batch to scan (`fundchain snapshot list`). Default: the latest.", valueName: "id"))
    var batch: Int64?

    @OptionGroup var scoreDrop: ScoreDropOption

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be a positive batch id") }
    }

    func run() async throws {
        let (id, detector) = (batch, scoreDrop.detector)
        let scan = try await database.withDatabase(logger: CLILogger.make()) { db in
            let found = try await BatchReportOptions.find(id, in: db)
            return try await WarningScanJob(database: db, detector: detector).run(found) { step in
                Terminal.note("warnings scan: \(step)…")
            }
        }
        print(scan.text)
    }
}

extension WarningScan {
    /// One line for the build summary and `warnings scan`.
    var text: String {
        guard let previousBatchID else {
            return "Warnings: batch \(batchID) is the first, with nothing to compare it with: none raised"
        }
        return "Warnings: batch \(batchID) against batch \(previousBatchID) (score drop > \(scoreDrop) points): "
            + "\(raised) found, \(added) new (`fundchain report warnings`)"
    }
}
