import FundChainCore

/// `fundchain model validate --model FILE --batch N`: a scorecard applied to a batch's stored
/// features and backtested against the defaults that followed, beside the model the batch was
/// scored with, on the same firms (docs/models.md). Out-of-time when the card was fitted on an
/// earlier batch.
public enum ValidationReport {
    public struct Context: Sendable {
        public var backtest: BacktestReport.Context
        /// The validated card, e.g. `sme-cashflow 2`.
        public var card: String
        /// The batch the card was fitted on, when it says (`training.batch`).
        public var trainingBatch: Int64?
        /// PSI of the batch's scores under the card against its training distribution.
        public var scorePSI: Double?

        public init(backtest: BacktestReport.Context, card: String, trainingBatch: Int64?, scorePSI: Double?) {
            self.backtest = backtest
            self.card = card
            self.trainingBatch = trainingBatch
            self.scorePSI = scorePSI
        }
    }

    /// `card` and `batchModel` are backtests of the same firms; `comparison` compares their PDs'
    /// AUCs (first: the batch's model, second: the card).
    public static func make(
        card: Backtest, batchModel: Backtest, comparison: ModelMetrics.AUCComparison, context: Context
    ) -> Report {
        let c = context.backtest
        var report = BacktestReport.make(card, context: c)
        report.kind = "validation"
        report.title = "Validation of \(context.card) on batch \(c.batchID) (\(c.asOf))"
        var facts = report.facts.filter { $0.key != "model" }
        let sample: String =
            if let trained = context.trainingBatch {
                trained < c.batchID
                    ? "out of time (fitted on batch \(trained))"
                    : trained == c.batchID ? "in sample (fitted on this batch)" : "fitted on a later batch (\(trained))"
            } else { "not fitted on a batch" }
        facts.insert(
            contentsOf: [
                .init("card", "Card", context.card), .init("batch_model", "Batch scored with", c.model),
                .init("sample", "Sample", sample),
            ], at: 2)
        facts.append(.init("auc_difference", "AUC difference", differenceText(comparison)))
        if let psi = context.scorePSI {
            facts.append(
                .init("score_psi", "Score PSI vs training", "\(ReportCell.fixed(psi, 4)) (\(psiReading(psi)))"))
        }
        report.facts = facts
        // The card's ROC curve is drawn beside the batch model's in the first section.
        if let i = report.sections.firstIndex(where: { $0.key == "summary" }) { report.sections[i].chart = nil }
        report.sections.insert(
            models(card: card, batchModel: batchModel, context: context, comparison: comparison), at: 0)
        return report
    }

    static func differenceText(_ d: ModelMetrics.AUCComparison) -> String {
        var text = "card − batch model = \(ReportCell.fixed(d.difference, 4))"
        if let low = d.low, let high = d.high, let p = d.pValue {
            text +=
                " [\(ReportCell.fixed(low, 4)), \(ReportCell.fixed(high, 4))], p = \(ReportCell.fixed(p, 4)) (DeLong, same firms)"
        }
        return text
    }

    /// The usual reading of a PSI: below 0.1 stable, 0.1–0.25 a shift to watch, above a shift.
    static func psiReading(_ psi: Double) -> String {
        psi < 0.1 ? "stable" : psi < 0.25 ? "a moderate shift" : "a large shift"
    }

    static func models(
        card: Backtest, batchModel: Backtest, context: Context, comparison: ModelMetrics.AUCComparison
    ) -> ReportSection {
        let columns = [ReportColumn("model", "Model"), ReportColumn("role", "Role")] + BacktestReport.summaryColumns
        let rows: [[ReportCell]] = [
            [.text(context.card), .text("validated card")] + BacktestReport.summaryCells(card.summary),
            [.text(context.backtest.model), .text("the batch's model")]
                + BacktestReport.summaryCells(batchModel.summary),
        ]
        let curves = [card, batchModel].map { $0.roc.map { CurveChart.Point(x: $0.x, y: $0.y) } }
        return ReportSection(
            key: "models", title: "The card and the batch's model on the same firms",
            note: "The difference's interval and p-value are DeLong's test for two AUCs on the same firms.",
            table: ReportTable(columns: columns, rows: rows),
            chart: curves.contains(where: \.isEmpty)
                ? nil
                : .curve(
                    CurveChart(
                        xLabel: "share of non-defaulters", yLabel: "share of defaulters",
                        series: [context.card, context.backtest.model], points: curves)),
            topLevel: .list)
    }
}
