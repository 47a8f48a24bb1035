import ArgumentParser
import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore

/// `fundchain report backtest --batch N`: a batch's PDs and grades against the defaults the credit
/// events show after it (docs/backtest.md).
struct ReportBacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract:
            "A batch's PDs and grades against the defaults that followed: AUC, KS, Gini, calibration per grade (docs/backtest.md).",
        discussion: """
            The population is the batch's firms (within --region and --industry) not already in default on its \
            as-of date; a firm defaulted when its first default, overdue_90 or written_off event (fundchain events \
            import) falls within --horizon-months after that date. A horizon that has not fully passed is reported \
            with the months observed so far, and says so.
            """)

    @OptionGroup var batch: BatchReportOptions

    @OptionGroup var options: ReportOptions

    func validate() throws {
        if options.asOf != nil { throw ValidationError("--as-of does not apply: name the batch with --batch") }
    }

    func run() async throws {
        let (horizon, filter) = (batch.horizonMonths, options.filter)
        let report = try await batch.withBatch(options) { db, chosen in
            let snapshots = SnapshotStore(database: db)
            Terminal.note(
                "reading build \(chosen.id) (as of \(chosen.asOf), \(chosen.firmCount) firms) and the credit events…")
            let loaded = try await ReportStore(database: db).load(chosen, bodies: false)
            let defaults = try await CreditEventStore(database: db).defaultDates()
            let model = try await snapshots.model(sha256: chosen.modelSHA256)
            return Self.report(
                loaded, batch: chosen, defaults: defaults, horizon: horizon, filter: filter,
                model: model.map { "\($0.id) \($0.version)" } ?? chosen.modelSHA256)
        }
        try options.emit(report)
    }

    static func report(
        _ loaded: ReportBatch, batch: SnapshotBatch, defaults: [String: CalendarDate], horizon: Int,
        filter: ReportFilter,
        model: String
    ) -> Report {
        let sample = OutcomeSample(loaded, defaults: defaults, horizonMonths: horizon, filter: filter)
        let observations = sample.batchObservations(loaded)
        let today = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970)
        let observed = DefaultDefinition.observedMonths(asOf: batch.asOf, months: horizon, today: today)
        return BacktestReport.make(
            Backtest(observations, gradeOrder: loaded.grades),
            context: .init(
                batchID: batch.id, asOf: batch.asOf, model: model, horizonMonths: horizon, observedMonths: observed,
                alreadyInDefault: sample.alreadyInDefault))
    }
}
