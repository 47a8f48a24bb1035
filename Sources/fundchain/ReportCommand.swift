import ArgumentParser
import Foundation
import FundChainCore
import FundChainReports
import FundChainStore

/// `fundchain report …`: the regulator's reports (docs/reports.md), from the latest build's
/// snapshots and the window's aggregates.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regulator reports from the latest build: region, gap, warnings, portfolio (docs/reports.md).",
        subcommands: [
            ReportRegionCommand.self, ReportGapCommand.self, ReportWarningsCommand.self, ReportPortfolioCommand.self,
        ]
    )
}

struct ReportRegionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "Roll-ups city → district → town: firms, active firms, flows, scores, grade mix, products, limits, financing gap.")

    @OptionGroup var options: ReportOptions

    func run() async throws {
        let filter = options.filter
        let report = try await options.withBatches { _, _, batch, _ in RegionReport.build(batch, filter: filter) }
        try options.emit(report)
    }
}

struct ReportGapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gap",
        abstract: "The financing gap (healthy cash flows, no eligible product) by district and industry, and its largest firms.")

    @OptionGroup var options: ReportOptions

    @Option(help: "How many gap firms to list.")
    var top = 20

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() async throws {
        let (filter, top) = (options.filter, top)
        let report = try await options.withBatches { _, _, batch, _ in GapReport.build(batch, filter: filter, top: top) }
        try options.emit(report)
    }
}

struct ReportPortfolioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract: "Score and PD distributions, grade migration against the previous build, PSI of the score and each feature.")

    @OptionGroup var options: ReportOptions

    func run() async throws {
        let filter = options.filter
        let report = try await options.withBatches(needsPrevious: true) { _, _, batch, previous in
            PortfolioReport.build(batch, previous: previous?.1, filter: filter)
        }
        try options.emit(report)
    }
}

struct ReportWarningsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract: "Early warnings against the previous build (grade fell, score drop, inflow collapse, joined a cycle); open vs handled.",
        discussion: """
            Raises this build's warnings (stored once; running the report again adds nothing) and \
            lists them with every older warning still open. Mark one handled with \
            `fundchain warnings ack ID --note TEXT`.
            """)

    @OptionGroup var options: ReportOptions

    @Option(name: .customLong("score-drop"), help: "A score drop of more than this many points is a warning.")
    var scoreDrop = 30

    func validate() throws {
        if scoreDrop < 0 { throw ValidationError("--score-drop must be 0 or more") }
    }

    func run() async throws {
        let (filter, scoreDrop) = (options.filter, scoreDrop)
        let report = try await options.withBatches(needsPrevious: true) { db, current, batch, previous in
            let store = WarningStore(database: db)
            if let (previousBatch, before) = previous {
                let warnings = WarningDetector(scoreDrop: scoreDrop).detect(batch, previous: before)
                let added = try await store.record(warnings, batch: current, previous: previousBatch)
                Terminal.note("\(warnings.count) warnings against build \(previousBatch.id), \(added) new")
            }
            let stored = try await store.list(batch: current.id)
            return WarningsReport.build(batch, previous: previous?.1, warnings: stored, scoreDrop: scoreDrop, filter: filter)
        }
        try options.emit(report)
    }
}
