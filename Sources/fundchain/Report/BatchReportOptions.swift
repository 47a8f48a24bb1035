import ArgumentParser
import FundChainStore

/// `--batch N` and `--horizon-months`: the batch that `report backtest` and `report challenger`
/// read (default: the latest) and the months after its as-of date a default counts in.
struct BatchReportOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("The batch to report on (`fundchain snapshot list`). Default: the latest.", valueName: "id"))
    var batch: Int64?

    @Option(
        name: .customLong("horizon-months"),
        help: ArgumentHelp("Months after the as-of date a default counts in.", valueName: "n"))
    var horizonMonths = 12

    func validate() throws {
        guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months must be 1…60") }
        if let batch, batch < 1 { throw ValidationError("--batch must be a positive batch id") }
    }

    /// Runs `body` with the database and the batch `--batch` names (else the latest).
    func withBatch<T: Sendable>(
        _ options: ReportOptions, _ body: @Sendable (Database, SnapshotBatch) async throws -> T
    ) async throws -> T {
        let id = batch
        return try await options.database.withDatabase(logger: CLILogger.make()) { db in
            try await body(db, try await Self.find(id, in: db))
        }
    }

    /// Batch `id`, else the latest; says so on stderr and exits with "no data" when there is none.
    static func find(_ id: Int64?, in database: Database) async throws -> SnapshotBatch {
        let snapshots = SnapshotStore(database: database)
        let found = if let id { try await snapshots.batch(id: id) } else { try await snapshots.latestBatch() }
        guard let found else {
            Terminal.note("error: \(id.map { "no batch \($0)" } ?? "no build yet (run `fundchain build`)")")
            throw ReportExitCode.noData
        }
        return found
    }
}
