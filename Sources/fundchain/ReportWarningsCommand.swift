import ArgumentParser
import Foundation
import FundChainCore
import FundChainReports
import FundChainStore

/// `fundchain report warnings`: raises the build's early warnings, lists them with the older
/// ones still open, and shows how past builds' warnings turned out (docs/reports.md, "warnings").
struct ReportWarningsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract:
            "Early warnings against the previous build (grade fell, score drop, inflow collapse, joined a cycle); open vs handled; outcomes.",
        discussion: """
            Raises this build's warnings (stored once; running the report again adds nothing) and \
            lists them with every older warning still open. Mark one handled with \
            `fundchain warnings ack ID --note TEXT`. The outcomes section judges each rule: per build that raised \
            warnings (at least a month old), the warned firms that defaulted within --horizon-months (credit events, \
            `fundchain events import`), against the default rate of all the build's firms; firms already in default \
            on the build's as-of date are left out of both. It only reads.
            """)

    @OptionGroup var options: ReportOptions

    @Option(name: .customLong("score-drop"), help: "A score drop of more than this many points is a warning.")
    var scoreDrop = 30

    @Option(
        name: .customLong("horizon-months"),
        help: ArgumentHelp(
            "Outcomes: months after a build's as-of date a default of a warned firm counts in.", valueName: "n"))
    var horizonMonths = 12

    func validate() throws {
        if scoreDrop < 0 { throw ValidationError("--score-drop must be 0 or more") }
        guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months must be 1…60") }
    }

    func run() async throws {
        let (filter, scoreDrop, horizon) = (options.filter, scoreDrop, horizonMonths)
        let report = try await options.withBatches(needsPrevious: true) { db, current, batch, previous in
            let store = WarningStore(database: db)
            if let (previousBatch, before) = previous {
                let warnings = WarningDetector(scoreDrop: scoreDrop).detect(batch, previous: before)
                let added = try await store.record(warnings, batch: current, previous: previousBatch)
                Terminal.note("\(warnings.count) warnings against build \(previousBatch.id), \(added) new")
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
                batch, previous: previous?.1, warnings: stored, scoreDrop: scoreDrop, filter: filter, outcomes: outcomes
            )
        }
        try options.emit(report)
    }
}
