import ArgumentParser
import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore

/// `fundchain report warnings`: lists the build's early warnings (raised by its scan,
/// `WarningScanJob`) with the older ones still open, and shows how past builds' warnings turned
/// out (docs/reports.md, "warnings"). It only reads.
struct ReportWarningsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract:
            "Early warnings against the previous build (grade fell, score drop, inflow collapse, joined a cycle); open vs handled; outcomes.",
        discussion: """
            Lists the warnings this build's scan raised (`fundchain build` scans the batch it writes; \
            `fundchain warnings scan --batch N` scans any) with every older warning still open; when \
            no scan of the build ran it says so and exits with 3. Mark one handled with \
            `fundchain warnings ack ID --note TEXT`. The outcomes section judges each rule: per build that raised \
            warnings (at least a month old), the warned firms that defaulted within --horizon-months (credit events, \
            `fundchain events import`), against the default rate of all the build's firms; firms already in default \
            on the build's as-of date are left out of both. It only reads.
            """)

    @OptionGroup var options: ReportOptions

    @Option(
        name: .customLong("horizon-months"),
        help: ArgumentHelp(
            "Outcomes: months after a build's as-of date a default of a warned firm counts in.", valueName: "n"))
    var horizonMonths = 12

    func validate() throws {
        guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months must be 1…60") }
    }

    func run() async throws {
        let (filter, horizon) = (options.filter, horizonMonths)
        let report = try await options.withBatches(needsPrevious: true) { db, current, batch, previous in
            let store = WarningStore(database: db)
            guard let scan = try await store.latestScan(batch: current.id) else {
                Terminal.note(
                    "error: no warning scan ran for batch \(current.id); "
                        + "run `fundchain warnings scan --batch \(current.id)`")
                throw ReportExitCode.noData
            }
            let stored = try await store.list(batch: current.id)
            Terminal.note("reading the credit events and the builds that raised warnings…")
            let events = try await CreditEventStore(database: db).events()
            var (builds, raised): ([WarningOutcomes.Build], [WarningOutcomes.Warned]) = ([], [])
            if !events.isEmpty {
                builds = try await store.raisingBuilds(upTo: current.id)
                raised = try await store.raised(upTo: current.id)
            }
            let outcomes = WarningOutcomes(
                builds: builds, warnings: raised, defaults: DefaultDefinition.defaultDates(of: events),
                creditEvents: events.count, horizonMonths: horizon,
                today: Consent.day(atSecondsSince1970: Date().timeIntervalSince1970), filter: filter)
            return WarningsReport.build(
                batch, previous: previous?.1, warnings: stored, scoreDrop: scan.scoreDrop, filter: filter,
                outcomes: outcomes)
        }
        try options.emit(report)
    }
}
