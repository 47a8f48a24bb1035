import ArgumentParser
import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore

/// `fundchain report challenger --batch N`: the batch's champion and challengers side by side on
/// the same firms (docs/models.md).
struct ReportChallengerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "challenger",
        abstract:
            "A batch's champion and challengers on the same firms: score distributions, grade migration, backtests (docs/models.md).",
        discussion: """
            Needs a batch built with --challenger FILE. Per model: mean and nearest-rank p10, median \
            and p90 of the points and the grade mix; the grade migration matrix from the champion to \
            each challenger; and, once credit events show defaults, each model's AUC (DeLong 95 % \
            interval), KS and Gini on the same population as `report backtest`: the batch's firms \
            not in default on its as-of date, a default being a first default, overdue_90 or \
            written_off event within --horizon-months.
            """)

    @OptionGroup var batch: BatchReportOptions

    @OptionGroup var options: ReportOptions

    func validate() throws {
        if options.asOf != nil { throw ValidationError("--as-of does not apply: name the batch with --batch") }
    }

    func run() async throws {
        let (horizon, filter) = (batch.horizonMonths, options.filter)
        let report = try await batch.withBatch(options) { db, chosen in
            guard !chosen.challengerSHA256s.isEmpty else {
                Terminal.note(
                    "error: batch \(chosen.id) has no challengers: build with `fundchain build --challenger FILE`")
                throw ReportExitCode.noData
            }
            let challengers = chosen.challengerSHA256s.count
            Terminal.note(
                "reading build \(chosen.id) (as of \(chosen.asOf), \(chosen.firmCount) firms, \(challengers) challenger\(challengers == 1 ? "" : "s")) "
                    + "and the credit events…")
            let loaded = try await ReportStore(database: db).loadChallengers(chosen)
            let defaults = try await CreditEventStore(database: db).defaultDates()
            let population = BacktestPopulation(asOf: chosen.asOf, horizonMonths: horizon, defaults: defaults)
            let outcomes =
                defaults.isEmpty
                ? nil
                : ChallengerReport.Outcomes(
                    population: population, observedMonths: population.observedMonths(today: .today))
            return ChallengerReport.build(loaded, filter: filter, outcomes: outcomes)
        }
        try options.emit(report)
    }
}

extension CalendarDate {
    /// Today in China Standard Time (the day credit events are dated by).
    static var today: CalendarDate { Consent.day(atSecondsSince1970: Date().timeIntervalSince1970) }
}
