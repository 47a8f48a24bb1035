import ArgumentParser
import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore

/// `fundchain build`: profiles, scores and snapshots every firm from the aggregates.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Profile and score every firm from the aggregated flows, and write a snapshot batch.",
        discussion: """
            Reads firms, firm_month and flow_edges for the window (never the raw entries), builds \
            the capital-flow graph, computes every firm's profile (docs/features.md), scores it \
            with the scorecard and writes one hash-chained snapshot per firm. Signs the batch's \
            checkpoint (its Merkle root, chained to the previous checkpoint) with --signing-key, \
            stores it with the batch and publishes it to --checkpoints. Prints each phase's time \
            and the grade mix. The scorecard is --model, else the current champion (`fundchain \
            model promote`), else the compiled-in \(EmbeddedModel.path); stderr says which. Each \
            --challenger scores every firm too, recorded beside the champion's score in the \
            snapshots (docs/models.md). Then raises the new batch's early warnings against the \
            batch before it (as `fundchain warnings scan` does; --score-drop) and prints their counts.
            """)

    @Option(
        name: .customLong("as-of"),
        help:
            "Profile the firms as of this date, YYYY-MM-DD (default: the last day of the latest month with data). A month counts only when complete."
    )
    var asOf: String?

    @Option(name: .customLong("window-months"), help: "Months in the window.")
    var windowMonths = 12

    static let defaultModel = EmbeddedModel.path

    @Option(
        help: ArgumentHelp(
            "Scorecard YAML file. Default: the current champion (`fundchain model list`), else \(EmbeddedModel.path) (also compiled in).",
            valueName: "file"))
    var model: String?

    @Option(
        name: .customLong("challenger"),
        help: ArgumentHelp(
            "A challenger scorecard: scores every firm beside the champion (repeatable; docs/models.md).",
            valueName: "file"))
    var challengers: [String] = []

    @Option(
        name: .customLong("features-out"),
        help: ArgumentHelp(
            "Also write every firm's features as CSV (uscc, then one column per feature) to this file, e.g. for `fundchain model fit`.",
            valueName: "file"))
    var featuresOut: String?

    @OptionGroup var scoreDrop: ScoreDropOption

    @OptionGroup var signing: SigningOptions

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...120).contains(windowMonths) else {
            throw ValidationError("--window-months must be between 1 and 120")
        }
        if let asOf, (try? CalendarDate(parsing: asOf)) == nil { throw ValidationError("--as-of must be YYYY-MM-DD") }
    }

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let explicit = try model.map { ($0, try ModelFile.load($0)) }
        let challengerFiles = try challengers.map(ModelFile.load)
        for (n, challenger) in challengerFiles.enumerated() {
            do { _ = try ChallengerScorer(card: challenger.card, sha256: challenger.sha256) } catch {
                throw ValidationError("\(challengers[n]): \(error)")
            }
            if challengerFiles[..<n].contains(where: { $0.sha256 == challenger.sha256 })
                || explicit?.1.sha256 == challenger.sha256
            {
                throw ValidationError(
                    "--challenger \(challengers[n]): the same model as the champion or an earlier challenger")
            }
        }
        let options = BuildJob.Options(
            asOf: try asOf.map { try CalendarDate(parsing: $0) }, windowMonths: windowMonths,
            signer: try signing.signer())
        let detector = scoreDrop.detector
        let (modelFile, report, scan) = try await database.withDatabase(logger: CLILogger.make()) { db in
            let modelFile = try await Self.chooseModel(explicit: explicit, database: db)
            let report = try await BuildJob(database: db, model: modelFile, challengers: challengerFiles).run(options) {
                phase in
                Terminal.progress("build", fraction: nil, detail: "\(phase) done")
            }
            Terminal.endProgress()
            let scan = try await Self.scanWarnings(report.batch, database: db, detector: detector)
            return (modelFile, report, scan)
        }
        if let featuresOut { try FeatureCSV.write(report.table, to: featuresOut) }
        print(report.text(model: modelFile, challengers: challengerFiles, warnings: scan))
        let elapsed = clock.now - started
        print(
            "build finished in \(FeatureFormat.decimal(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, places: 1)) s, peak memory \(PeakMemory.megabytes()) MB"
        )
    }
}

extension BuildCommand {
    /// Raises `batch`'s early warnings (`WarningScanJob`), saying so on stderr; `nil` without a
    /// batch. The batch stays written when this fails: the error says how to scan it again.
    static func scanWarnings(_ batch: SnapshotBatch?, database: Database, detector: WarningDetector) async throws
        -> WarningScan?
    {
        guard let batch else { return nil }
        Terminal.note("build: raising the early warnings of batch \(batch.id)…")
        do {
            let scan = try await WarningScanJob(database: database, detector: detector).run(batch) { step in
                Terminal.progress("warnings", fraction: nil, detail: step)
            }
            Terminal.endProgress()
            return scan
        } catch {
            Terminal.endProgress()
            Terminal.note(
                "error: batch \(batch.id) is written, but raising its warnings failed (\(error)); "
                    + "run `fundchain warnings scan --batch \(batch.id)`")
            throw error
        }
    }

    /// The champion for this build: `--model` when given, else the latest promotion's model, else
    /// the compiled-in default; says on stderr which, and whether it is the champion.
    static func chooseModel(explicit: (path: String, model: BuildJob.Model)?, database: Database) async throws
        -> BuildJob.Model
    {
        let champion = try await ModelRegistryStore(database: database).champion()
        func name(_ model: BuildJob.Model) -> String {
            "\(model.card.id) v\(model.card.version) (sha256 \(model.sha256.prefix(12))…)"
        }
        let promoted = champion.map {
            " promoted \(ModelListCommand.time($0.promotion.promotedAt)) by \($0.promotion.promotedBy)"
        }
        if let (path, model) = explicit {
            let verdict =
                if let champion, champion.model.sha256 == model.sha256 {
                    "the champion,\(promoted!)"
                } else if let champion {
                    "not the champion (\(champion.model.id) v\(champion.model.version) is,\(promoted!))"
                } else {
                    "not the champion: no model has been promoted (builds without --model use the compiled-in \(EmbeddedModel.path))"
                }
            Terminal.note("model: \(path), \(name(model)): \(verdict)")
            return model
        }
        if let champion {
            let model: BuildJob.Model
            do {
                model = try BuildJob.Model(yaml: champion.model.body)
            } catch {
                throw ValidationError(
                    "the champion \(champion.model.id) \(champion.model.version) does not load: \(error)")
            }
            Terminal.note("model: the champion, \(name(model)),\(promoted!)")
            return model
        }
        let model = try ModelFile.load(EmbeddedModel.path)
        Terminal.note("model: \(name(model)), the compiled-in default: no model has been promoted")
        return model
    }
}

/// Reads a scorecard file, with an error that names it. The default card is compiled in and
/// used when its file is not at hand (outside the repository).
enum ModelFile {
    static func load(_ path: String) throws -> BuildJob.Model {
        let text: String
        if let data = FileManager.default.contents(atPath: path), let file = String(data: data, encoding: .utf8) {
            text = file
        } else if path == EmbeddedModel.path {
            text = EmbeddedModel.yaml  // the file's text, byte for byte
        } else {
            throw ValidationError("\(path): cannot read the scorecard")
        }
        do {
            return try BuildJob.Model(yaml: text)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}

/// The process's peak resident memory.
enum PeakMemory {
    /// `ru_maxrss` in MiB: getrusage(2) gives it in KiB on Linux and in bytes on Darwin.
    static func megabytes() -> Int {
        var usage = rusage()
        #if canImport(Darwin)
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss) / (1024 * 1024)
        #else
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss) / 1024
        #endif
    }
}

extension BuildJob.Report {
    func text(model: BuildJob.Model, challengers: [BuildJob.Model] = [], warnings: WarningScan? = nil) -> String {
        var lines: [String] = []
        lines.append(
            "Window \(window), as of \(window.lastDay): \(firms) firms, \(monthRows) firm-months, \(flows) firm-to-firm flows, \(cycles) payment cycles"
        )
        lines.append("Model \(model.card.id) v\(model.card.version) (sha256 \(model.sha256.prefix(12))…)")
        if let batch {
            lines.append("Snapshot batch \(batch.id): \(batch.firmCount) snapshots, Merkle root \(batch.merkleRoot)")
        }
        if let checkpoint {
            lines.append(
                "Checkpoint \(checkpoint.checkpoint.sequence) signed by key \(checkpoint.keyID), hash \(checkpoint.hash)"
                    + " (\(CheckpointDirectory.fileName(checkpoint.checkpoint.sequence)))")
        }
        lines.append(
            "Phases: "
                + phases.map { "\($0.name) \(FeatureFormat.decimal($0.seconds, places: 2)) s" }.joined(separator: ", "))
        lines.append("Grades: " + Self.mix(scores.map(\.grade), card: model.card))
        if let summary = Self.summary(scores.map(\.points)) { lines.append("Scores: " + summary) }
        for (challenger, scores) in zip(challengers, challengerScores) {
            lines.append(
                "Challenger \(challenger.card.id) v\(challenger.card.version) (sha256 \(challenger.sha256.prefix(12))…): "
                    + Self.mix(scores.map(\.grade), card: challenger.card)
                    + (Self.summary(scores.map(\.points)).map { "; scores " + $0 } ?? ""))
        }
        lines.append(productsText)
        if let warnings { lines.append(warnings.text) }
        return lines.joined(separator: "\n")
    }

    /// Firms per grade of `card`, best first: `AAA 0, AA 3, …`.
    static func mix(_ grades: [String], card: Scorecard) -> String {
        var counts: [String: Int] = [:]
        for grade in grades { counts[grade, default: 0] += 1 }
        return card.grades.map { band in "\(band.grade) \(counts[band.grade] ?? 0)" }.joined(separator: ", ")
    }

    /// `min …, median …, max …, mean …` of the points; `nil` without firms.
    static func summary(_ points: [Int]) -> String? {
        guard !points.isEmpty else { return nil }
        let sorted = points.sorted()
        let mean = Double(sorted.reduce(0, +)) / Double(sorted.count)
        return
            "min \(sorted.first!), median \(sorted[sorted.count / 2]), max \(sorted.last!), mean \(FeatureFormat.decimal(mean, places: 1))"
    }

    /// How many firms qualify for a product, and the limits suggested to them.
    var productsText: String {
        guard let catalog else { return "Products: no catalog loaded (fundchain products load), no matches stored" }
        var firmsEligible = 0
        var best: Int64 = 0
        var perProduct: [String: Int] = [:]
        for firm in products where !firm.eligible.isEmpty {
            firmsEligible += 1
            best += (firm.eligible.compactMap(\.limitYuan).max() ?? 0) * 100
            for m in firm.eligible { perProduct[m.product, default: 0] += 1 }
        }
        let top = perProduct.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map {
            "\($0.key) \($0.value)"
        }
        return
            "Products (catalog \(catalog.id), \(catalog.productCount) products): \(firmsEligible) of \(products.count) firms eligible for at least one; "
            + "largest suggested limits sum to ¥\(Money(fen: best).wholeYuan)"
            + (top.isEmpty ? "" : "; most matched: " + top.joined(separator: ", "))
    }
}

/// Every firm's features as CSV: `uscc` then the features in catalog order, missing as empty.
enum FeatureCSV {
    static func write(_ table: ProfileTable, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
        else {
            throw ValidationError("\(path): cannot create the file")
        }
        defer { try? file.close() }
        var text = "uscc," + ProfileCatalog.definitions.map(\.name).joined(separator: ",") + "\n"
        for firm in 0..<table.count {
            text += table.firms[firm].uscc.code
            for column in ProfileCatalog.definitions.indices {
                text += ","
                switch table.value(firm: firm, column: column) {
                case .missing: break
                case let value: text += value.description
                }
            }
            text += "\n"
            if text.utf8.count > 1 << 20 {
                try file.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try file.write(contentsOf: Data(text.utf8))
    }
}
