import Dispatch
import Foundation
import FundChainCore

/// `fundchain generate`: builds the economy for a configuration and writes firms.csv,
/// accounts.csv, transactions.csv, outcomes.csv, credit_events.csv, planted.csv and
/// manifest.json into a directory.
///
/// Transactions are generated month by month in chunks of `chunkSize` firms, each chunk with its
/// own random stream, on all cores; chunks are written in order, so the files are byte-identical
/// for a seed whatever the number of cores. Memory holds the economy and one month of rows.
///
/// - Complexity: O(firms · months · entries per firm-month) time.
public struct SyntheticEconomyGenerator: Sendable {
    public let configuration: GeneratorConfiguration
    /// Firms per chunk (a fixed constant: changing it changes the output).
    static let chunkSize = 2_048

    public init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
    }

    /// Generates everything into `directory` (created if missing) and returns the manifest.
    /// `progress` receives short human-readable lines (for stderr).
    public func generate(into directory: String, progress: (String) -> Void = { _ in }) throws -> GeneratorManifest {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let config = configuration
        let economy = Economy(config: config)
        progress(
            "economy: \(economy.firmCount) firms, \(economy.accountBank.count) accounts, \(economy.relationSupplier.count) supplier relationships, \(economy.rings.count) planted rings"
        )

        var tally = DirtyTally()
        let firms = try FileSink(path: path("firms.csv"))
        try economy.writeFirms(to: firms, tally: &tally)
        try firms.close()
        let accounts = try FileSink(path: path("accounts.csv"))
        try economy.writeAccounts(to: accounts, tally: &tally)
        try accounts.close()
        let outcomes = try FileSink(path: path("outcomes.csv"))
        try economy.writeOutcomes(to: outcomes)
        try outcomes.close()
        let events = try FileSink(path: path("credit_events.csv"))
        try economy.writeCreditEvents(to: events)
        try events.close()
        let planted = try FileSink(path: path("planted.csv"))
        try economy.writePlanted(to: planted)
        try planted.close()

        let transactions = try FileSink(path: path("transactions.csv"))
        try transactions.write(StatementWriter.header)
        let firmChunks = (economy.firmCount + Self.chunkSize - 1) / Self.chunkSize
        let jobs = firmChunks + 1  // the last job writes the planted rings
        var cleanRows = 0, coveredTransfers = 0
        for m in 0..<config.months {
            let writers = Parallel.map(jobs: jobs) { c in
                var writer = StatementWriter(economy: economy, month: m, chunk: c)
                if c < firmChunks {
                    for i in (c * Self.chunkSize)..<min(economy.firmCount, (c + 1) * Self.chunkSize) {
                        writer.emitFirm(i)
                    }
                } else {
                    writer.emitRings()
                }
                return writer
            }
            for c in 0..<jobs {
                let writer = writers[c]
                try transactions.write(writer.out)
                tally = tally + writer.dirty
                cleanRows += writer.cleanRows
                coveredTransfers += writer.coveredTransfers
            }
            progress("month \(m + 1)/\(config.months): \(cleanRows) clean entries so far")
        }
        try transactions.close()

        let manifest = makeManifest(economy, tally: tally, cleanRows: cleanRows, coveredTransfers: coveredTransfers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(manifest)
        let sink = try FileSink(path: path("manifest.json"))
        try sink.write(String(decoding: json, as: UTF8.self) + "\n")
        try sink.close()
        return manifest
    }

    func makeManifest(_ e: Economy, tally: DirtyTally, cleanRows: Int, coveredTransfers: Int) -> GeneratorManifest {
        let config = configuration
        func counts(_ kinds: [DirtyKind], clean: Int) -> GeneratorManifest.FileCounts {
            var dirty: [String: Int] = [:]
            for k in kinds { dirty[k.key] = tally[k] }
            return .init(rows: clean + tally.total(kinds), clean: clean, dirty: dirty)
        }
        let cal = e.calendar
        let first = cal.start
        let last = first.addingMonths(max(0, config.months - 1))
        let dateTo = first.adding(days: max(0, cal.dayCount - 1))
        func ym(_ d: CalendarDate) -> String { String(d.description.prefix(7)) }
        let defaults = e.defaulted.filter { $0 }.count
        let inWindow = e.defaultMonth.filter { Int($0) < config.months }.count
        var events: [String: Int] = [:]
        for event in e.creditEvents { events[event.kind.rawValue, default: 0] += 1 }
        return GeneratorManifest(
            seed: config.seed, firms: config.firms, months: config.months,
            firstMonth: ym(first), lastMonth: ym(last), endMonth: ym(first.addingMonths(config.months)),
            dateFrom: first.description, dateTo: dateTo.description, dirtyRate: config.dirtyRate,
            files: [
                "firms.csv": counts(DirtyKind.firmKinds, clean: e.firmCount),
                "accounts.csv": counts(DirtyKind.accountKinds, clean: e.accountBank.count),
                "transactions.csv": counts(DirtyKind.transactionKinds, clean: cleanRows),
                "outcomes.csv": .init(rows: e.firmCount, clean: e.firmCount, dirty: [:]),
                "credit_events.csv": .init(rows: e.creditEvents.count, clean: e.creditEvents.count, dirty: [:]),
                "planted.csv": .init(rows: e.rings.count, clean: e.rings.count, dirty: [:]),
            ],
            coreFirms: e.role.filter(\.isCore).count, accounts: e.accountBank.count,
            coveredTransfers: coveredTransfers, defaulted: defaults,
            defaultRate: Double(defaults) / Double(max(1, e.firmCount)),
            contagionDefaults: e.contagion.filter { $0 }.count,
            defaultsInWindow: inWindow, defaultsAfterWindow: defaults - inWindow, creditEvents: events,
            eventsUntil: first.addingMonths(config.months + Economy.outcomeMonths).adding(days: -1).description,
            circularRings: e.rings.filter { $0.kind == .circular }.count,
            shellChains: e.rings.filter { $0.kind == .shell }.count)
    }
}
