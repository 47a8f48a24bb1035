import ArgumentParser
import Foundation
import FundChainCore
import FundChainReports

/// `fundchain model validate`: a card measured on labelled CSV data, or on a batch's stored
/// features against the defaults that followed it, beside the batch's own model (out-of-time
/// validation when the card was fitted on an earlier batch).
struct ModelValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Measure a scorecard on labelled data, or on a batch against its outcomes: AUC, KS, Gini, grades, PSI.",
        discussion: """
            On a CSV file (--data, --target, --bad): AUC, KS, Gini, bands, and PSI against training. \
            PSI counts every bin, including bins present in only one of the two samples (an empty \
            bin counts as half an observation). Prints the report on stdout.

            On a batch (--batch N): scores the batch's firms from their stored features with the \
            card, and backtests it as `report backtest` does (same population and horizon), beside \
            the model the batch was scored with, on the same firms, with DeLong's test of the AUC \
            difference. --region, --industry, --format and --out work as for the reports.
            """
    )

    @Option(help: "The scorecard YAML file.") var model: String
    @Option(help: "The labelled CSV file.") var data: String?
    @Option(help: "The target column.") var target: String?
    @Option(help: "The target value that marks a bad.") var bad: String?
    @Option(help: ArgumentHelp("Validate on this snapshot batch's stored features and outcomes.", valueName: "id"))
    var batch: Int64?
    @Option(
        name: .customLong("horizon-months"),
        help: ArgumentHelp("With --batch: months after the as-of date a default counts in.", valueName: "n"))
    var horizonMonths = 12
    @Option(help: "Exit with code 3 when the AUC is below this.") var minAuc: Double?
    @OptionGroup var options: ReportOptions

    func validate() throws {
        if let batch {
            guard data == nil, target == nil, bad == nil else {
                throw ValidationError("--batch takes no --data, --target or --bad")
            }
            guard batch > 0 else { throw ValidationError("--batch must be a positive batch id") }
            guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months must be 1…60") }
            if options.asOf != nil { throw ValidationError("--as-of does not apply: name the batch with --batch") }
        } else {
            guard data != nil, target != nil, bad != nil else {
                throw ValidationError("give --data, --target and --bad (a CSV file), or --batch N")
            }
            guard options.format == .table, options.out == nil, options.region == nil, options.industry == nil else {
                throw ValidationError("--format, --out, --region and --industry apply with --batch only")
            }
        }
    }

    func run() async throws {
        let card = try ModelFiles.readCard(model)
        if let batch {
            let input = try await ModelBatchData.load(
                options.database, batch: batch, horizonMonths: horizonMonths, filter: options.filter)
            let (report, auc) = try Self.report(card: card, input: input)
            try options.emit(report)
            try check(auc)
            return
        }
        guard let data, let target, let bad else { return }  // validate() saw to it
        let (_, table) = try ModelFiles.readTable(data)
        let report: ScorecardValidator.Report
        do {
            report = try ScorecardValidator.validate(card: card, table: table, target: target, badValue: bad)
        } catch {
            throw ModelFiles.fail("\(data): \(error)")
        }
        print(ModelReportFormatter.validationReport(card: card, report), terminator: "")
        try check(report.performance.auc)
    }

    func check(_ auc: Double) throws {
        if let minAuc, !(auc >= minAuc) {
            ModelFiles.log("AUC \(auc) is below --min-auc \(minAuc)")
            throw ModelExitCode.checkFailed
        }
    }

    /// The validation report of `card` on the batch, and the card's AUC there.
    static func report(card: Scorecard, input: ModelBatchData) throws -> (Report, Double) {
        let vectors: [FeatureVector]
        do {
            vectors = try input.sample.vectors(input.loaded, for: card)
        } catch {
            throw ModelFiles.fail("\(error)")
        }
        let scored = ScorecardValidator.validate(card: card, vectors: vectors, isBad: input.sample.defaulted)
        let pds = scored.scores.map { card.pd(points: $0) }
        let cardBacktest = Backtest(
            input.observations(pds: pds, grades: scored.scores.map { card.grade(points: $0) }),
            gradeOrder: card.grades.map(\.grade))
        let batchBacktest = Backtest(input.batchObservations, gradeOrder: input.loaded.grades)
        let comparison = ModelMetrics.compareAUC(
            input.sample.rows.map { -input.loaded.firms[$0].pd }, pds.map { -$0 }, isBad: input.sample.defaulted)
        let report = ValidationReport.make(
            card: cardBacktest, batchModel: batchBacktest, comparison: comparison,
            context: .init(
                backtest: input.backtestContext, card: "\(card.id) \(card.version)",
                trainingBatch: card.training?.batch,
                scorePSI: scored.scorePSI))
        return (report, cardBacktest.summary.auc.auc)
    }
}
