import ArgumentParser
import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore

/// `fundchain report …`: the regulator's reports (docs/reports.md), from the latest build's
/// snapshots and the window's aggregates.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Regulator reports from the latest build: chain, region, risk, warnings, portfolio, gap; backtest, challenger (docs/reports.md).",
        subcommands: [
            ReportChainCommand.self, ReportRegionCommand.self, ReportRiskCommand.self, ReportWarningsCommand.self,
            ReportPortfolioCommand.self, ReportGapCommand.self, ReportBacktestCommand.self,
            ReportChallengerCommand.self,
        ]
    )
}

struct ReportRegionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract:
            "Roll-ups city → district → town: firms, active firms, flows, scores, grade mix, products, limits, financing gap."
    )

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
        abstract:
            "The financing gap (healthy cash flows, no eligible product) by district and industry, and its largest firms."
    )

    @OptionGroup var options: ReportOptions

    @Option(help: "How many gap firms to list.")
    var top = 20

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() async throws {
        let (filter, top) = (options.filter, top)
        let report = try await options.withBatches { _, _, batch, _ in GapReport.build(batch, filter: filter, top: top)
        }
        try options.emit(report)
    }
}

struct ReportPortfolioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract:
            "Score and PD distributions, grade migration against the previous build, PSI of the score and each feature."
    )

    @OptionGroup var options: ReportOptions

    func run() async throws {
        let filter = options.filter
        let report = try await options.withBatches(needsPrevious: true) { _, _, batch, previous in
            PortfolioReport.build(batch, previous: previous?.1, filter: filter)
        }
        try options.emit(report)
    }
}

struct ReportChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract:
            "The capital-chain map: industry-to-industry flows, core enterprises with tiered suppliers and customers.",
        discussion:
            "With --industry, also that industry's upstream (industries it pays) and downstream (industries paying it)."
    )

    @OptionGroup var options: ReportOptions

    @Option(help: "Supplier and customer tiers traced from each core enterprise (1–4).")
    var depth = 2

    @Option(help: "Links listed per core enterprise.")
    var top = 10

    func validate() throws {
        if !(1...4).contains(depth) { throw ValidationError("--depth must be 1 to 4") }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() async throws {
        let (filter, depth, top) = (options.filter, depth, top)
        let report = try await options.withBatches(bodies: false) { db, _, batch, _ in
            let flows = try await ReportStore(database: db).flows(batch)
            return try ChainReport.build(batch, flows: flows, filter: filter, depth: depth, top: top)
        }
        try options.emit(report)
    }
}

struct ReportRiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract:
            "Circular-flow groups, round-trip rings, concentration outliers, contagion exposure, and a --shock stress scenario."
    )

    @OptionGroup var options: ReportOptions

    @Option(
        help: ArgumentHelp(
            "Firms to mark failed for the stress scenario: USCCs separated by commas.", valueName: "uscc,…"),
        transform: { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
    var shock: [String] = []

    @Option(help: "Rows listed per table.")
    var top = 20

    func validate() throws {
        for code in shock where (try? USCC(code)) == nil {
            throw ValidationError("--shock: '\(code)' is not a valid USCC")
        }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() async throws {
        let (filter, shock, top) = (options.filter, shock, top)
        let report = try await options.withBatches { db, _, batch, _ in
            let store = ReportStore(database: db)
            let index = batch.firmIndex
            let shocked = try shock.map { code in
                guard let f = index[code] else {
                    Terminal.note("error: --shock: \(code) is not in build \(batch.id)")
                    throw ExitCode.validationFailure
                }
                return Int32(f)
            }
            let circuits = try RiskReport.Circuits(batch, flows: try await store.flows(batch))
            let monthly = try await store.monthlyFlows(
                among: circuits.firmsOnCycles(batch), window: BuildWindow(asOf: batch.asOf, months: batch.windowMonths))
            return RiskReport.build(
                batch, circuits: circuits, monthly: monthly, shock: shocked, filter: filter, top: top)
        }
        try options.emit(report)
    }
}
