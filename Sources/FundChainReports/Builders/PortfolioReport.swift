import FundChainCore

/// `fundchain report portfolio`: score and PD distributions, the grade migration matrix between
/// the previous build and this one, and the PSI of the score and of every feature.
public enum PortfolioReport {
    /// Width of a score histogram bin, in points.
    public static let scoreBin = 20
    /// Upper bounds of the PD bands (the last band is open).
    public static let pdBands: [Double] = [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5]

    /// - Complexity: O((n + m) · k log n) for n and m firms and k features (a sort per feature).
    public static func build(_ batch: ReportBatch, previous: ReportBatch?, filter: ReportFilter = .init()) -> Report {
        let now = batch.firms.indices.filter { filter.matches(batch.firms[$0]) }
        let before = previous.map { p in p.firms.indices.filter { filter.matches(p.firms[$0]) } } ?? []
        var sections: [ReportSection] = []

        // Scores, in bins of `scoreBin` points from the lowest score of either build.
        let scores = now.map { Double(batch.firms[$0].score) }
        let oldScores = previous.map { p in before.map { Double(p.firms[$0].score) } }
        var scoreBins: [Bin] = []
        if let low = (scores + (oldScores ?? [])).min(), let high = (scores + (oldScores ?? [])).max() {
            let first = Int((low / Double(scoreBin)).rounded(.down)) * scoreBin
            for start in stride(from: first, through: Int(high), by: scoreBin) {
                scoreBins.append(
                    Bin(label: "\(start)–\(start + scoreBin - 1)", low: Double(start), high: Double(start + scoreBin)))
            }
        }
        sections.append(
            distribution(
                "scores", "Score distribution (\(scoreBin)-point bins)", scoreBins, now: scores, before: oldScores))

        // PDs, in bands.
        func pct(_ x: Double) -> String { ReportCell.fixed(x * 100, x < 0.01 ? 1 : 0) + "%" }
        var pdBins: [Bin] = []
        for band in 0...pdBands.count {
            let low = band == 0 ? -1 : pdBands[band - 1]
            let high = band == pdBands.count ? 2 : pdBands[band]
            let label =
                band == 0 ? "< \(pct(high))" : band == pdBands.count ? "≥ \(pct(low))" : "\(pct(low))–\(pct(high))"
            pdBins.append(Bin(label: label, low: low, high: high))
        }
        sections.append(
            distribution(
                "pd", "PD distribution", pdBins, now: now.map { batch.firms[$0].pd },
                before: previous.map { p in before.map { p.firms[$0].pd } }))

        // Grades.
        var gradeTable = distributionTable(previous != nil, first: .init("grade", "grade"))
        for grade in batch.grades {
            let c = now.filter { batch.firms[$0].grade == grade }.count
            let p = previous.map { p in before.filter { p.firms[$0].grade == grade }.count }
            gradeTable.rows.append(distributionRow(grade, c, now.count, p.map { ($0, before.count) }))
        }
        sections.append(ReportSection(key: "grades", title: "Grades", table: gradeTable))

        guard let previous else {
            sections.append(
                ReportSection(key: "migration", title: "Grade migration", note: "No previous build to compare with."))
            return Report(
                kind: "portfolio", title: "Portfolio", facts: ReportFacts.batch(batch) + filter.facts,
                sections: sections)
        }
        sections.append(migration(batch, now: now, previous: previous, before: before))
        sections.append(stability(batch, now: now, previous: previous, before: before))
        return Report(
            kind: "portfolio", title: "Portfolio", facts: ReportFacts.batch(batch, previous: previous) + filter.facts,
            sections: sections)
    }

    /// A histogram bin `low..<high`.
    struct Bin {
        var label: String
        var low: Double
        var high: Double
    }

    /// Counts and shares of `now` (and `before`) per bin, as a table and a histogram.
    static func distribution(_ key: String, _ title: String, _ bins: [Bin], now: [Double], before: [Double]?)
        -> ReportSection
    {
        var table = distributionTable(before != nil)
        var counts: [[Int]] = before == nil ? [[]] : [[], []]
        for bin in bins {
            let c = now.filter { $0 >= bin.low && $0 < bin.high }.count
            let p = before.map { b in b.filter { $0 >= bin.low && $0 < bin.high }.count }
            counts[0].append(c)
            if let p { counts[1].append(p) }
            table.rows.append(distributionRow(bin.label, c, now.count, p.map { ($0, before!.count) }))
        }
        let series = before == nil ? ["this build"] : ["this build", "previous build"]
        return ReportSection(
            key: key, title: title, table: table,
            chart: .histogram(Histogram(bins: bins.map(\.label), series: series, counts: counts)))
    }

    static func distributionTable(_ withPrevious: Bool, first: ReportColumn = .init("bin", "bin")) -> ReportTable {
        var columns = [first, .init("firms", "firms"), .init("share", "share")]
        if withPrevious {
            columns += [.init("previous_firms", "previous firms"), .init("previous_share", "previous share")]
        }
        return ReportTable(columns: columns)
    }

    static func distributionRow(_ label: String, _ count: Int, _ total: Int, _ previous: (Int, Int)?) -> [ReportCell] {
        func share(_ c: Int, _ t: Int) -> ReportCell { t == 0 ? .empty : .percent(Double(c) / Double(t)) }
        var row: [ReportCell] = [.text(label), .int(count), share(count, total)]
        if let (c, t) = previous { row += [.int(c), share(c, t)] }
        return row
    }

    /// Rows: the previous grade (then `new` for firms without a previous snapshot); columns: this
    /// build's grade (then `gone` for firms no longer in the build).
    static func migration(_ batch: ReportBatch, now: [Int], previous: ReportBatch, before: [Int]) -> ReportSection {
        let grades = batch.grades
        let rows = grades + ["new"]
        let columns = grades + ["gone"]
        var counts = [[Int]](repeating: [Int](repeating: 0, count: columns.count), count: rows.count)
        var current: [String: String] = [:]
        for f in now { current[batch.firms[f].uscc] = batch.firms[f].grade }
        var seen = Set<String>()
        var up = 0
        var down = 0
        for f in before {
            let firm = previous.firms[f]
            seen.insert(firm.uscc)
            let r = min(previous.gradeRank(firm.grade), grades.count - 1)
            guard let grade = current[firm.uscc] else {
                counts[r][columns.count - 1] += 1
                continue
            }
            let c = min(batch.gradeRank(grade), grades.count - 1)
            counts[r][c] += 1
            if c < r { up += 1 } else if c > r { down += 1 }
        }
        for f in now where !seen.contains(batch.firms[f].uscc) {
            counts[rows.count - 1][min(batch.gradeRank(batch.firms[f].grade), grades.count - 1)] += 1
        }
        var table = ReportTable(columns: [.init("from_grade", "from \\ to")] + columns.map { .init("to_\($0)", $0) })
        for (r, name) in rows.enumerated() { table.rows.append([.text(name)] + counts[r].map { .int($0) }) }
        return ReportSection(
            key: "migration", title: "Grade migration (previous build → this build)",
            note: "\(up) firms upgraded, \(down) downgraded. Rows: grade in the previous build; columns: grade now.",
            table: table,
            chart: .heatmap(
                Heatmap(rowTitle: "previous", columnTitle: "now", rows: rows, columns: columns, counts: counts)))
    }

    /// PSI of the score, every numeric feature both builds have, and the firms' industry
    /// divisions and districts.
    static func stability(_ batch: ReportBatch, now: [Int], previous: ReportBatch, before: [Int]) -> ReportSection {
        var table = ReportTable(columns: [
            .init("variable", "variable"), .init("bins", "bins"), .init("psi", "PSI"), .init("reading", "reading"),
        ])
        func add(_ name: String, _ result: (psi: Double, bins: Int)) {
            table.rows.append([
                .text(name), .int(result.bins), .number(result.psi, 4), .text(PopulationStability.verdict(result.psi)),
            ])
        }
        add(
            "score",
            PopulationStability.index(
                reference: before.map { Double(previous.firms[$0].score) },
                current: now.map { Double(batch.firms[$0].score) }))
        let shared = Set(previous.featureNames)
        for name in batch.featureNames where shared.contains(name) {
            add(
                name,
                PopulationStability.index(
                    reference: previous.column(name, rows: before), current: batch.column(name, rows: now)))
        }
        add(
            "industry_division",
            PopulationStability.index(
                categories: before.map { previous.firms[$0].industry.division?.code ?? "" },
                current: now.map { batch.firms[$0].industry.division?.code ?? "" }))
        add(
            "district",
            PopulationStability.index(
                categories: before.map { previous.firms[$0].region.district?.code ?? "" },
                current: now.map { batch.firms[$0].region.district?.code ?? "" }))
        return ReportSection(
            key: "psi", title: "Population stability against the previous build",
            note:
                "Bins: deciles of the previous build (missing values a bin of their own; categories one bin each). PSI = Σ (a − e) ln(a/e), empty shares as 0.0001. < 0.1 stable, 0.1–0.25 shift, > 0.25 significant shift.",
            table: table)
    }
}
