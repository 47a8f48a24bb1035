import ArgumentParser
import FundChainCore
import Foundation

struct ModelFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a scorecard from a labelled CSV file and write it as YAML.",
        discussion: """
            Columns other than the target, the id and --exclude are candidate features. A column \
            is numeric when every non-blank value is a decimal number, else categorical \
            (--categorical forces it). Prints the IV table, train/test AUC, KS, Gini and the \
            score distribution by grade on stdout.
            """
    )

    @Option(help: "The labelled CSV file.") var data: String
    @Option(help: "The target column.") var target: String
    @Option(help: "The target value that marks a bad (every other value is good).") var bad: String
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
    @Option(help: "Model id (default: the output file name without a -vN suffix).") var modelId: String?
    @Option(help: "Model version (default: N from a -vN suffix of the output file name, else 1).") var modelVersion: String?
    @Option(help: "Write the split as CSV `row,set` (1-based data rows, train|test) to this file.") var splitOut: String?
    @Option(help: "Write every candidate feature's bins and IV as JSON to this file.") var binsOut: String?
    @Option(help: "Output scorecard YAML file.") var out: String

    func validate() throws {
        guard testFraction >= 0, testFraction < 1 else { throw ValidationError("--test-fraction must be in [0, 1)") }
        guard pdo > 0, baseOdds > 0 else { throw ValidationError("--pdo and --base-odds must be positive") }
        guard minBinShare >= 0, minBinShare < 0.5 else { throw ValidationError("--min-bin-share must be in [0, 0.5)") }
        guard maxBins >= 2 else { throw ValidationError("--max-bins must be at least 2") }
        guard maxCorrelation > 0, maxCorrelation <= 1 else { throw ValidationError("--max-correlation must be in (0, 1]") }
        guard l2 >= 0 else { throw ValidationError("--l2 must not be negative") }
    }

    func run() async throws {
        var options = FitOptions()
        options.testFraction = testFraction
        options.seed = seed
        options.scaling = Scaling(baseScore: baseScore, baseOdds: baseOdds, pdo: pdo)
        options.minBinShare = minBinShare
        options.maxBins = maxBins
        options.ivMin = ivMin
        options.maxCorrelation = maxCorrelation
        options.l2 = l2
        options.categorical = ModelFiles.list(categorical)
        let (bytes, table) = try ModelFiles.readTable(data)
        let (defaultID, defaultVersion) = Self.identity(fromPath: out)
        let provenance = ScorecardFitter.Provenance(
            id: modelId ?? defaultID, version: modelVersion ?? defaultVersion,
            description: "Fitted by `fundchain model fit` on \((data as NSString).lastPathComponent), target \(target) (bad = \(bad)).",
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
        do {
            try result.card.yaml.write(toFile: out, atomically: true, encoding: .utf8)
            if let binsOut {
                let records = result.binnings.map(BinsRecord.init)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(records).write(to: URL(fileURLWithPath: binsOut))
            }
            if let splitOut {
                var text = "row,set\n"
                var set = [String](repeating: "train", count: table.rowCount)
                for r in result.testRows { set[r] = "test" }
                for r in 0..<table.rowCount { text += "\(r + 1),\(set[r])\n" }
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
            if !number.isEmpty, number.allSatisfy(\.isNumber) { return (String(stem[..<dash.lowerBound]), String(number)) }
        }
        return (stem, "1")
    }
}

struct ModelValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Measure a scorecard on labelled data: AUC, KS, Gini, bands, and PSI against training.",
        discussion: """
            PSI counts every bin, including bins present in only one of the two samples (an empty \
            bin counts as half an observation). Prints the report on stdout.
            """
    )

    @Option(help: "The scorecard YAML file.") var model: String
    @Option(help: "The labelled CSV file.") var data: String
    @Option(help: "The target column.") var target: String
    @Option(help: "The target value that marks a bad.") var bad: String
    @Option(help: "Exit with code 3 when the AUC is below this.") var minAuc: Double?

    func run() async throws {
        let card = try ModelFiles.readCard(model)
        let (_, table) = try ModelFiles.readTable(data)
        let report: ScorecardValidator.Report
        do {
            report = try ScorecardValidator.validate(card: card, table: table, target: target, badValue: bad)
        } catch {
            throw ModelFiles.fail("\(data): \(error)")
        }
        print(ModelReportFormatter.validationReport(card: card, report), terminator: "")
        if let minAuc, !(report.performance.auc >= minAuc) {
            ModelFiles.log("AUC \(report.performance.auc) is below --min-auc \(minAuc)")
            throw ModelExitCode.checkFailed
        }
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
