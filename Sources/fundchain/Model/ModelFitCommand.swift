import ArgumentParser
import Foundation
import FundChainCore
import FundChainReports

struct ModelFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract:
            "Fit a scorecard from a labelled CSV file, or from a batch's stored features and the defaults that followed it.",
        discussion: """
            From a CSV file (--data, --target, --bad): columns other than the target, the id and \
            --exclude are candidate features. A column is numeric when every non-blank value is a \
            decimal number, else categorical (--categorical forces it).

            From a batch (--from-batch N): the population and the outcome are those of `fundchain \
            report backtest` (the batch's firms not in default on its as-of date; a bad defaulted \
            within --horizon-months); the candidates are every stored numeric feature and \
            industry_division (--exclude drops some). Features with a stated direction \
            (docs/features.md) keep it; grades follow FundChain's master scale (docs/models.md); \
            the card's training section names the batch, horizon and event counts.

            Prints the IV table, train/test AUC, KS, Gini and the score distribution by grade on stdout.
            """
    )

    @Option(help: "The labelled CSV file.") var data: String?
    @Option(help: "The target column.") var target: String?
    @Option(help: "The target value that marks a bad (every other value is good).") var bad: String?
    @Option(
        name: .customLong("from-batch"),
        help: ArgumentHelp("Fit on this snapshot batch's stored features and outcomes.", valueName: "id"))
    var fromBatch: Int64?
    @Option(
        name: .customLong("horizon-months"),
        help: ArgumentHelp("With --from-batch: months after the as-of date a default counts in.", valueName: "n"))
    var horizonMonths = 12
    @Option(help: "Column holding the row id (not a feature).") var idColumn: String?
    @Option(help: "Comma-separated columns that are not features.") var exclude: String?
    @Option(help: "Comma-separated columns to treat as categorical even if numeric.") var categorical: String?
    @Option(help: "Share of rows held out for testing; 0 fits on every row.") var testFraction: Double = 0.3
    @Option(help: "Seed of the train/test split.") var seed: UInt64 = 42
    @Option(help: "Points to double the odds.") var pdo: Double = 20
    @Option(help: "Score at the base odds.") var baseScore: Double = 600
    @Option(help: "Good:bad odds at the base score.") var baseOdds: Double = 50
    @Option(help: "Smallest share of rows per bin.") var minBinShare: Double = 0.05
    @Option(help: "Most bins per feature (besides the missing bin).") var maxBins: Int = 8
    @Option(help: "Minimum information value for a feature to be used.") var ivMin: Double = 0.02
    @Option(help: "Largest absolute correlation allowed between two features' WOE.") var maxCorrelation: Double = 0.7
    @Option(help: "L2 penalty on the logistic regression coefficients.") var l2: Double = 0
    @Option(help: "Drop the least significant feature and refit while a Wald p-value is above this (1: off).")
    var maxPValue: Double = 1
    @Option(help: "Model id (default: the output file name without a -vN suffix).") var modelId: String?
    @Option(help: "Model version (default: N from a -vN suffix of the output file name, else 1).") var modelVersion:
        String?
    @Option(help: "Write the split as CSV `row,set` (1-based data rows, train|test) to this file.") var splitOut:
        String?
    @Option(help: "Write every candidate feature's bins and IV as JSON to this file.") var binsOut: String?
    @Option(help: "Output scorecard YAML file.") var out: String
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let fromBatch {
            guard data == nil, target == nil, bad == nil, idColumn == nil, categorical == nil else {
                throw ValidationError("--from-batch takes no --data, --target, --bad, --id-column or --categorical")
            }
            guard fromBatch > 0 else { throw ValidationError("--from-batch must be a positive batch id") }
            guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months must be 1…60") }
        } else if data == nil || target == nil || bad == nil {
            throw ValidationError("give --data, --target and --bad (a CSV file), or --from-batch N")
        }
        guard testFraction >= 0, testFraction < 1 else { throw ValidationError("--test-fraction must be in [0, 1)") }
        guard pdo > 0, baseOdds > 0 else { throw ValidationError("--pdo and --base-odds must be positive") }
        guard minBinShare >= 0, minBinShare < 0.5 else { throw ValidationError("--min-bin-share must be in [0, 0.5)") }
        guard maxBins >= 2 else { throw ValidationError("--max-bins must be at least 2") }
        guard maxCorrelation > 0, maxCorrelation <= 1 else {
            throw ValidationError("--max-correlation must be in (0, 1]")
        }
        guard l2 >= 0 else { throw ValidationError("--l2 must not be negative") }
        guard maxPValue > 0, maxPValue <= 1 else { throw ValidationError("--max-p-value must be in (0, 1]") }
    }

    func run() async throws {
        var options = fitOptions
        let (defaultID, defaultVersion) = Self.identity(fromPath: out)
        if let fromBatch {
            let input = try await ModelBatchData.load(database, batch: fromBatch, horizonMonths: horizonMonths)
            options.directions = ProfileCatalog.directions
            let result = try fitFromBatch(
                input, options: options, id: modelId ?? defaultID, version: modelVersion ?? defaultVersion)
            try write(result, splitLabels: input.sample.rows.map { input.loaded.firms[$0].uscc }, splitHeader: "uscc")
            return
        }
        guard let data, let target, let bad else { return }  // validate() saw to it
        options.categorical = ModelFiles.list(categorical)
        let (bytes, table) = try ModelFiles.readTable(data)
        let provenance = ScorecardFitter.Provenance(
            id: modelId ?? defaultID, version: modelVersion ?? defaultVersion,
            description:
                "Fitted by `fundchain model fit` on \((data as NSString).lastPathComponent), target \(target) (bad = \(bad)).",
            datasetSHA256: DatasetDigest.sha256Hex(bytes), target: target, badValue: bad)
        let result: ScorecardFitter.Result
        do {
            let dataset = try ModelDataset(
                table: table, target: target, badValue: bad, idColumn: idColumn, exclude: ModelFiles.list(exclude),
                categorical: options.categorical)
            result = try ScorecardFitter.fit(dataset, options: options, provenance: provenance)
        } catch {
            throw ModelFiles.fail("\(data): \(error)")
        }
        try write(result, splitLabels: (0..<table.rowCount).map { String($0 + 1) }, splitHeader: "row")
    }

    /// The fitting options the flags give.
    var fitOptions: FitOptions {
        var options = FitOptions()
        options.testFraction = testFraction
        options.seed = seed
        options.scaling = Scaling(baseScore: baseScore, baseOdds: baseOdds, pdo: pdo)
        options.minBinShare = minBinShare
        options.maxBins = maxBins
        options.ivMin = ivMin
        options.maxCorrelation = maxCorrelation
        options.l2 = l2
        options.maxPValue = maxPValue
        return options
    }

    /// Fits on a batch's population: every stored numeric feature and industry_division, less --exclude.
    func fitFromBatch(_ input: ModelBatchData, options: FitOptions, id: String, version: String) throws
        -> ScorecardFitter.Result
    {
        let excluded = Set(ModelFiles.list(exclude))
        let training = input.training
        Terminal.note(
            "fitting on \(training.firms) firms, \(training.defaults) defaults within \(horizonMonths) months "
                + "(\(training.alreadyInDefault) already in default left out)")
        if training.observedMonths < horizonMonths {
            Terminal.note(
                "warning: only \(training.observedMonths) of the \(horizonMonths) months after \(training.asOf) have passed"
            )
        }
        let provenance = ScorecardFitter.Provenance(
            id: id, version: version,
            description:
                "Fitted by `fundchain model fit --from-batch \(training.batch)` on the stored features of batch "
                + "\(training.batch) (as of \(training.asOf)); a bad defaulted within \(horizonMonths) months (docs/models.md).",
            datasetSHA256: training.merkleRoot, target: "default_within_\(horizonMonths)m", badValue: "1")
        do {
            let dataset = try input.sample.dataset(
                input.loaded, numeric: input.loaded.featureNames.filter { !excluded.contains($0) },
                categorical: ["industry_division"].filter { !excluded.contains($0) })
            return try ScorecardFitter.fit(
                dataset, options: options, provenance: provenance, masterScale: .fundchain, training: training)
        } catch {
            throw ModelFiles.fail("batch \(training.batch): \(error)")
        }
    }

    /// Writes the card, and --bins-out and --split-out when asked; prints the fit report.
    func write(_ result: ScorecardFitter.Result, splitLabels: [String], splitHeader: String) throws {
        do {
            try result.card.yaml.write(toFile: out, atomically: true, encoding: .utf8)
            if let binsOut {
                let records = result.binnings.map(BinsRecord.init)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(records).write(to: URL(fileURLWithPath: binsOut))
            }
            if let splitOut {
                var text = "\(splitHeader),set\n"
                var set = [String](repeating: "train", count: splitLabels.count)
                for r in result.testRows { set[r] = "test" }
                for (r, label) in splitLabels.enumerated() { text += "\(label),\(set[r])\n" }
                try text.write(toFile: splitOut, atomically: true, encoding: .utf8)
            }
        } catch {
            throw ModelFiles.fail("\(out): cannot write: \(error.localizedDescription)")
        }
        ModelFiles.log("wrote \(out)")
        print(ModelReportFormatter.fitReport(result), terminator: "")
    }

    /// `scoring-models/german-credit-v2.yaml` → (`german-credit`, `2`).
    static func identity(fromPath path: String) -> (String, String) {
        var stem = (path as NSString).lastPathComponent
        if let dot = stem.lastIndex(of: ".") { stem = String(stem[..<dot]) }
        if let dash = stem.range(of: "-v", options: .backwards) {
            let number = stem[dash.upperBound...]
            if !number.isEmpty, number.allSatisfy(\.isNumber) {
                return (String(stem[..<dash.lowerBound]), String(number))
            }
        }
        return (stem, "1")
    }
}

/// One candidate feature's bins in `--bins-out` JSON.
struct BinsRecord: Encodable {
    var name: String
    var kind: String
    var cuts: [Double]
    var groups: [[String]]
    var iv: Double
    var goods: [Int]
    var bads: [Int]

    init(_ b: FeatureBinning) {
        name = b.name
        kind = b.kind.rawValue
        cuts = b.cuts
        groups = b.groups
        iv = b.iv
        goods = b.counts.map(\.goods) + [b.missing.goods]
        bads = b.counts.map(\.bads) + [b.missing.bads]
    }
}
