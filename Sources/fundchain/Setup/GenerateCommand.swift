import ArgumentParser
import Foundation
import FundChainSynthetic

/// `fundchain generate`: writes a synthetic regional economy (firms, accounts, statements and
/// ground truth) into a directory. Deterministic for a seed.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a synthetic Chongqing regional economy with ground truth.",
        discussion: """
            Writes firms.csv, accounts.csv, transactions.csv, outcomes.csv (uscc,defaulted: 1 if \
            the firm is in default by the end of the 12 months after the window), credit_events.csv \
            (dated default, overdue_90, restructured and written_off events up to 12 months after \
            the window, for `fundchain events import`; windows over 12 months have defaults inside \
            them too), planted.csv (planted circular \
            rings and shell chains) and manifest.json (sizes, date range, exact dirty-row counts) \
            into --out. The window is --months whole months ending with the month before --end. \
            The same seed gives byte-identical files. The manifest is also printed on stdout.
            """
    )

    @Option(help: "Number of covered firms (at least 50).")
    var firms: Int = 1_000

    @Option(help: "Number of whole calendar months of statements (1–120).")
    var months: Int = 12

    @Option(help: "Random seed; the same seed gives byte-identical output.")
    var seed: UInt64 = 42

    @Option(help: "Output directory (created if missing).")
    var out: String

    @Option(help: "First month after the window, YYYY-MM (the window ends the month before).")
    var end: String = "2025-12"

    @Option(help: "Expected fraction of deliberately invalid transaction rows (0–0.05).")
    var dirtyRate: Double = 0.001

    /// `--end` as (year, month).
    var endYearMonth: (Int, Int)? {
        let parts = end.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), (2000...2100).contains(y), (1...12).contains(m)
        else { return nil }
        return (y, m)
    }

    func validate() throws {
        guard firms >= 50 else { throw ValidationError("--firms must be at least 50 (got \(firms)).") }
        guard firms <= 5_000_000 else { throw ValidationError("--firms must be at most 5,000,000 (got \(firms)).") }
        guard (1...120).contains(months) else {
            throw ValidationError("--months must be between 1 and 120 (got \(months)).")
        }
        guard endYearMonth != nil else {
            throw ValidationError("--end must be YYYY-MM between 2000 and 2100 (got '\(end)').")
        }
        guard (0...0.05).contains(dirtyRate) else { throw ValidationError("--dirty-rate must be between 0 and 0.05.") }
    }

    func run() async throws {
        let (year, month) = endYearMonth!
        let config = GeneratorConfiguration(
            firms: firms, months: months, seed: seed, endYear: year, endMonth: month, dirtyRate: dirtyRate)
        let started = Date()
        let manifest = try SyntheticEconomyGenerator(configuration: config).generate(into: out) { line in
            FileHandle.standardError.write(Data("generate: \(line)\n".utf8))
        }
        let seconds = Date().timeIntervalSince(started)
        let rows = manifest.files["transactions.csv"]?.rows ?? 0
        FileHandle.standardError.write(
            Data(
                "generate: wrote \(rows) transaction rows for \(manifest.firms) firms × \(manifest.months) months to \(out) in \(String(format: "%.1f", seconds)) s\n"
                    .utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        StandardOutput.write(try encoder.encode(manifest) + Data("\n".utf8))
    }
}
