import FundChainCore

/// `fundchain report backtest`: a batch's PDs and grades against the defaults that followed
/// (docs/backtest.md). The population and the outcomes are chosen by the caller; this lays the
/// `Backtest` out as a report.
public enum BacktestReport {
    /// What the backtest was run on.
    public struct Context: Sendable {
        public var batchID: Int64
        public var asOf: CalendarDate
        public var model: String
        public var horizonMonths: Int
        /// Months of the horizon that have passed (the last credit event date known, or today).
        public var observedMonths: Int
        /// Firms of the batch left out because they were already in default at its as-of date.
        public var alreadyInDefault: Int

        public init(
            batchID: Int64, asOf: CalendarDate, model: String, horizonMonths: Int, observedMonths: Int,
            alreadyInDefault: Int
        ) {
            self.batchID = batchID
            self.asOf = asOf
            self.model = model
            self.horizonMonths = horizonMonths
            self.observedMonths = observedMonths
            self.alreadyInDefault = alreadyInDefault
        }
    }

    public static func make(_ backtest: Backtest, context: Context) -> Report {
        let complete = context.observedMonths >= context.horizonMonths
        var facts: [Report.Fact] = [
            .init("batch", "Batch", String(context.batchID)), .init("as_of", "As of", context.asOf.description),
            .init("model", "Model", context.model),
            .init("horizon_months", "Horizon", "\(context.horizonMonths) months"),
            .init(
                "observed_months", "Observed",
                complete
                    ? "\(context.horizonMonths) months (complete)"
                    : "\(context.observedMonths) of \(context.horizonMonths) months: the horizon has not passed, rates are so far"
            ),
            .init(
                "population", "Population",
                "the batch's firms not in default on its as-of date (\(context.alreadyInDefault) left out)"),
            .init("default_definition", "Default", "first default, overdue_90 or written_off event"),
        ]
        if let hl = backtest.hosmerLemeshow {
            facts.append(
                .init(
                    "hosmer_lemeshow", "Hosmer–Lemeshow",
                    "χ² = \(ReportCell.fixed(hl.statistic, 2)), \(hl.degreesOfFreedom) df, p = \(ReportCell.fixed(hl.pValue, 4))"
                ))
        }
        return Report(
            kind: "backtest", title: "Backtest of batch \(context.batchID) (\(context.asOf))", facts: facts,
            sections: [summary(backtest), grades(backtest), rankOrdering(backtest), segments(backtest)])
    }

    static let summaryColumns = [
        ReportColumn("firms", "Firms"), ReportColumn("defaults", "Defaults"),
        ReportColumn("observed_rate", "Observed rate"),
        ReportColumn("mean_pd", "Mean PD"), ReportColumn("auc", "AUC"), ReportColumn("auc_low", "AUC 95% low"),
        ReportColumn("auc_high", "AUC 95% high"), ReportColumn("ks", "KS"), ReportColumn("gini", "Gini"),
    ]

    static func summaryCells(_ s: Backtest.Summary) -> [ReportCell] {
        [
            .int(s.firms), .int(s.defaults), .number(s.observedRate, 6), .number(s.meanPD, 6), .number(s.auc.auc, 4),
            .number(s.auc.low, 4), .number(s.auc.high, 4), .number(s.ks, 4), .number(s.gini, 4),
        ]
    }

    static func summary(_ backtest: Backtest) -> ReportSection {
        let roc = backtest.roc.map { CurveChart.Point(x: $0.x, y: $0.y) }
        return ReportSection(
            key: "summary", title: "Discrimination",
            note:
                "AUC: the chance that a firm that defaulted had the higher PD (DeLong's 95 % interval); Gini = 2·AUC − 1; "
                + "KS: the largest gap between the two groups' PD distributions.",
            table: ReportTable(columns: summaryColumns, rows: [summaryCells(backtest.summary)]),
            chart: roc.isEmpty
                ? nil
                : .curve(
                    CurveChart(
                        xLabel: "share of non-defaulters", yLabel: "share of defaulters", series: ["ROC"], points: [roc]
                    )),
            topLevel: .fields)
    }

    static func grades(_ backtest: Backtest) -> ReportSection {
        let columns = [
            ReportColumn("grade", "Grade"), ReportColumn("firms", "Firms"), ReportColumn("defaults", "Defaults"),
            ReportColumn("observed_rate", "Observed rate"), ReportColumn("predicted_pd", "Predicted PD"),
            ReportColumn("jeffreys_low", "Jeffreys 95% low"), ReportColumn("jeffreys_high", "Jeffreys 95% high"),
            ReportColumn("within_interval", "PD within interval"),
        ]
        let rows: [[ReportCell]] = backtest.grades.map { g in
            g.firms == 0
                ? [.text(g.grade), 0, 0, .empty, .empty, .empty, .empty, .empty]
                : [
                    .text(g.grade), .int(g.firms), .int(g.defaults), .number(g.observedRate, 6),
                    .number(g.predictedPD, 6),
                    .number(g.interval.low, 6), .number(g.interval.high, 6), .text(g.withinInterval ? "yes" : "no"),
                ]
        }
        let outside = backtest.grades.filter { $0.firms > 0 && !$0.withinInterval }.map(\.grade)
        let chart = CalibrationChart(
            categories: backtest.grades.map {
                .init(
                    label: $0.grade, predicted: $0.predictedPD, observed: $0.observedRate, low: $0.interval.low,
                    high: $0.interval.high, firms: $0.firms)
            })
        return ReportSection(
            key: "grades", title: "Calibration per grade",
            note: outside.isEmpty
                ? "Every grade's mean PD lies within the Jeffreys 95 % interval of its observed default rate."
                : "Mean PD outside the Jeffreys 95 % interval of the observed rate: \(outside.joined(separator: ", ")).",
            table: ReportTable(columns: columns, rows: rows), chart: .calibration(chart), topLevel: .list)
    }

    static func rankOrdering(_ backtest: Backtest) -> ReportSection {
        let columns = [
            ReportColumn("better", "Better grade"), ReportColumn("worse", "Worse grade"),
            ReportColumn("better_rate", "Its observed rate"), ReportColumn("worse_rate", "Worse grade's observed rate"),
        ]
        let rows: [[ReportCell]] = backtest.inversions.map {
            [.text($0.better), .text($0.worse), .number($0.betterRate, 6), .number($0.worseRate, 6)]
        }
        return ReportSection(
            key: "rank_ordering", title: "Rank ordering",
            note: rows.isEmpty
                ? "The observed default rate never falls as the grade worsens."
                : "Where the observed default rate falls as the grade worsens (it should rise):",
            table: ReportTable(columns: columns, rows: rows))
    }

    static func segments(_ backtest: Backtest) -> ReportSection {
        let columns =
            [ReportColumn("dimension", "By"), ReportColumn("code", "Segment")] + summaryColumns
            + [ReportColumn("within_interval", "Mean PD within interval")]
        let rows: [[ReportCell]] = backtest.segments.map {
            [.text($0.dimension), .text($0.code)] + summaryCells($0.summary) + [
                .text($0.summary.withinInterval ? "yes" : "no")
            ]
        }
        return ReportSection(
            key: "segments", title: "By industry division and district",
            note: rows.isEmpty ? "No segment holds 30 firms." : "Segments of at least 30 firms.",
            table: ReportTable(columns: columns, rows: rows))
    }
}
