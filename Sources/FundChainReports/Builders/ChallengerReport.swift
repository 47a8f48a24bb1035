import FundChainCore

/// `fundchain report challenger`: a batch's champion and challengers side by side on the same
/// firms (docs/models.md): each model's score distribution and grade mix, the grade migration
/// from the champion to each challenger, and, once credit events show defaults, each model's
/// backtest on the same population.
public enum ChallengerReport {
    /// The outcomes to backtest against: the population (as-of, horizon, default dates) and the
    /// months of the horizon that have passed.
    public struct Outcomes: Sendable {
        public var population: BacktestPopulation
        public var observedMonths: Int

        public init(population: BacktestPopulation, observedMonths: Int) {
            self.population = population
            self.observedMonths = observedMonths
        }
    }

    /// - Parameter outcomes: `nil` when no credit event shows a default (the backtest section
    ///   says so).
    /// - Complexity: O(m × n log n) for m models and n firms.
    public static func build(_ batch: ChallengerBatch, filter: ReportFilter = .init(), outcomes: Outcomes?) -> Report {
        let firms = batch.firms.indices.filter { filter.matches(batch.firms[$0]) }
        let models = batch.models
        let scores = models.indices.map { m in firms.map { batch.score(model: m, firm: $0) } }
        var facts: [Report.Fact] = [
            .init("batch", "Batch", String(batch.id)), .init("as_of", "As of", batch.asOf.description),
            .init("champion", "Champion", "\(batch.champion.name) (sha256 \(batch.champion.sha256.prefix(12))…)"),
            .init(
                "challengers", "Challengers",
                batch.challengers.map { "\($0.name) (sha256 \($0.sha256.prefix(12))…)" }.joined(separator: "; ")),
            .init("firms", "Firms", String(firms.count)),
        ]
        facts += filter.facts
        let distributions = models.indices.map { m in
            ScoreDistribution(points: scores[m].map(\.points), grades: scores[m].map(\.grade), scale: models[m].grades)
        }
        var sections = [
            distribution(models, scores: scores, distributions: distributions),
            grades(models, distributions: distributions),
        ]
        for c in batch.challengers.indices {
            sections.append(
                migration(
                    champion: models[0], challenger: models[c + 1], index: c + 1, from: scores[0], to: scores[c + 1]))
        }
        if let outcomes {
            let population = outcomes.population
            let complete = outcomes.observedMonths >= population.horizonMonths
            facts += [
                .init("horizon_months", "Horizon", "\(population.horizonMonths) months"),
                .init(
                    "observed_months", "Observed",
                    complete
                        ? "\(population.horizonMonths) months (complete)"
                        : "\(outcomes.observedMonths) of \(population.horizonMonths) months: the horizon has not passed, rates are so far"
                ),
            ]
            sections.append(
                backtest(models, firms: firms.map { batch.firms[$0].uscc }, scores: scores, outcomes: outcomes))
        } else {
            sections.append(
                ReportSection(
                    key: "backtest", title: "Backtest",
                    note: "No credit event shows a default yet (fundchain events import): nothing to backtest against.")
            )
        }
        return Report(
            kind: "challenger", title: "Champion and challengers of batch \(batch.id) (\(batch.asOf))", facts: facts,
            sections: sections)
    }

    /// `champion`, then `challenger_1`, `challenger_2`, …: the models' keys in column names.
    static func key(_ m: Int) -> String { m == 0 ? "champion" : "challenger_\(m)" }

    static func label(_ model: ChallengerBatch.Model, _ m: Int) -> String {
        m == 0 ? "\(model.name) (champion)" : "\(model.name) (challenger \(m))"
    }

    static func distribution(
        _ models: [ChallengerBatch.Model], scores: [[ChallengerBatch.Score]], distributions: [ScoreDistribution]
    ) -> ReportSection {
        let columns = [
            ReportColumn("model", "Model"), ReportColumn("role", "Role"), ReportColumn("sha256", "sha256"),
            ReportColumn("firms", "Firms"), ReportColumn("mean_points", "Mean points"), ReportColumn("p10", "p10"),
            ReportColumn("p50", "Median"), ReportColumn("p90", "p90"),
        ]
        var rows: [[ReportCell]] = []
        for (m, model) in models.enumerated() {
            let d = distributions[m]
            rows.append([
                .text(model.name), .text(key(m)), .text(model.sha256), .int(d.firms), .number(d.mean, 1),
                d.p10.map { .int($0) } ?? .empty, d.p50.map { .int($0) } ?? .empty, d.p90.map { .int($0) } ?? .empty,
            ])
        }
        let all = scores.flatMap { $0.map(\.points) }
        var chart: ReportChart?
        if let low = all.min(), let high = all.max() {
            let width = PortfolioReport.scoreBin
            let first = Int((Double(low) / Double(width)).rounded(.down)) * width
            let starts = Array(stride(from: first, through: high, by: width))
            chart = .histogram(
                Histogram(
                    bins: starts.map { "\($0)–\($0 + width - 1)" }, series: models.enumerated().map { label($1, $0) },
                    counts: scores.map { s in
                        starts.map { start in s.count { $0.points >= start && $0.points < start + width } }
                    }))
        }
        return ReportSection(
            key: "models", title: "Score distribution per model",
            note: "Points on each model's own scale; p10, median and p90 are nearest-rank.",
            table: ReportTable(columns: columns, rows: rows), chart: chart, topLevel: .list)
    }

    /// One row per grade of any model (the champion's scale first), firms and share per model.
    static func grades(_ models: [ChallengerBatch.Model], distributions: [ScoreDistribution]) -> ReportSection {
        let mixes = distributions.map(\.grades)
        var order: [String] = []
        for mix in mixes { for g in mix where !order.contains(g.grade) { order.append(g.grade) } }
        var columns = [ReportColumn("grade", "Grade")]
        for (m, model) in models.enumerated() {
            columns += [
                ReportColumn("\(key(m))_firms", "\(model.name) firms"), ReportColumn("\(key(m))_share", "share"),
            ]
        }
        let firms = distributions.first?.firms ?? 0
        let rows: [[ReportCell]] = order.map { grade in
            [.text(grade)]
                + mixes.flatMap { mix -> [ReportCell] in
                    guard let g = mix.first(where: { $0.grade == grade }) else { return [.empty, .empty] }
                    return [.int(g.firms), firms == 0 ? .empty : .percent(g.share)]
                }
        }
        return ReportSection(
            key: "grades", title: "Grade mix per model",
            note: "Each model's grades, best first; a grade a model lacks is empty.",
            table: ReportTable(columns: columns, rows: rows),
            chart: .histogram(
                Histogram(
                    bins: order, series: models.enumerated().map { label($1, $0) },
                    counts: mixes.map { mix in order.map { grade in mix.first { $0.grade == grade }?.firms ?? 0 } })))
    }

    static func migration(
        champion: ChallengerBatch.Model, challenger: ChallengerBatch.Model, index: Int, from: [ChallengerBatch.Score],
        to: [ChallengerBatch.Score]
    ) -> ReportSection {
        let m = GradeMigration(
            from: from.map(\.grade), to: to.map(\.grade), fromScale: champion.grades, toScale: challenger.grades)
        var table = ReportTable(
            columns: [.init("champion_grade", "champion \\ challenger")] + m.columns.map { .init("to_\($0)", $0) })
        for (r, name) in m.rows.enumerated() { table.rows.append([.text(name)] + m.counts[r].map { .int($0) }) }
        let note =
            if let same = m.same, let better = m.better, let worse = m.worse {
                "\(same) firms graded the same, \(better) better and \(worse) worse by \(challenger.name). "
            } else { "The two models grade on different scales. " }
        return ReportSection(
            key: "migration_\(index)", title: "Grade migration: \(champion.name) → \(challenger.name)",
            note: note + "Rows: the champion's grade; columns: challenger \(index)'s.", table: table,
            chart: .heatmap(
                Heatmap(
                    rowTitle: champion.name, columnTitle: challenger.name, rows: m.rows, columns: m.columns,
                    counts: m.counts)))
    }

    static func backtest(
        _ models: [ChallengerBatch.Model], firms: [String], scores: [[ChallengerBatch.Score]], outcomes: Outcomes
    ) -> ReportSection {
        let columns = [ReportColumn("model", "Model"), ReportColumn("role", "Role")] + BacktestReport.summaryColumns
        var rows: [[ReportCell]] = []
        var curves: [[CurveChart.Point]] = []
        var excluded = 0
        for (m, model) in models.enumerated() {
            let (observations, out) = outcomes.population.observations(
                zip(firms, scores[m]).map { (uscc: $0, grade: $1.grade, pd: $1.pd) })
            excluded = out
            let backtest = Backtest(observations, gradeOrder: model.grades)
            rows.append([.text(model.name), .text(key(m))] + BacktestReport.summaryCells(backtest.summary))
            curves.append(backtest.roc.map { CurveChart.Point(x: $0.x, y: $0.y) })
        }
        return ReportSection(
            key: "backtest", title: "Backtest on the same firms",
            note:
                "The firms not in default on the as-of date (\(excluded) left out); a default is a first default, overdue_90 or "
                + "written_off event within the horizon. AUC with DeLong's 95 % interval; Gini = 2·AUC − 1; KS as in report backtest.",
            table: ReportTable(columns: columns, rows: rows),
            chart: curves.allSatisfy(\.isEmpty)
                ? nil
                : .curve(
                    CurveChart(
                        xLabel: "share of non-defaulters", yLabel: "share of defaulters",
                        series: models.enumerated().map { label($1, $0) },
                        points: curves)),
            topLevel: .list)
    }
}
