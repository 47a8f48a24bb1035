import FundChainCore

/// `fundchain report region`: roll-ups city → district → town of the latest build.
public enum RegionReport {
    /// - Complexity: O(n log n) for n firms (sorting each area's scores).
    public static func build(_ batch: ReportBatch, filter: ReportFilter = .init()) -> Report {
        let grades = batch.grades
        var city = AreaTally(grades: grades.count)
        var districts: [String: AreaTally] = [:]
        var towns: [String: AreaTally] = [:]
        for (f, firm) in batch.firms.enumerated() where filter.matches(firm) {
            city.add(batch, firm: f)
            districts[firm.region.district?.code ?? firm.region.code, default: AreaTally(grades: grades.count)].add(
                batch, firm: f)
            towns[firm.region.code, default: AreaTally(grades: grades.count)].add(batch, firm: f)
        }
        // City, then each district followed by its towns, in code order.
        var areas: [(level: String, code: String, tally: AreaTally)] = [("city", RegionCode.chongqing.code, city)]
        let townsByDistrict = Dictionary(grouping: towns.keys) { String($0.prefix(6)) }
        for district in districts.keys.sorted() {
            areas.append(("district", district, districts[district]!))
            for town in (townsByDistrict[district] ?? []).sorted() where town != district {
                areas.append(("town", town, towns[town]!))
            }
        }
        func name(_ code: String) -> String { (try? RegionCode(code))?.name ?? code }

        var summary = ReportTable(columns: [
            .init("level", "level"), .init("code", "code"), .init("name", "name"), .init("firms", "firms"),
            .init("active", "active"), .init("inflow_yuan", "inflow ¥"), .init("outflow_yuan", "outflow ¥"),
            .init("score_mean", "mean score"), .init("score_p10", "p10"), .init("score_median", "median"),
            .init("score_p90", "p90"), .init("matched", "matched"), .init("suggested_limit_yuan", "suggested limits ¥"),
            .init("healthy", "healthy"), .init("gap", "gap"), .init("gap_share", "gap/healthy"),
        ])
        var mix = ReportTable(
            columns: [.init("level", "level"), .init("code", "code"), .init("name", "name")]
                + grades.map { .init("grade_\($0)", $0) } + [.init("grade_other", "other")])
        for (level, code, t) in areas {
            summary.rows.append([
                .text(level), .text(code), .text(name(code)), .int(t.firms), .int(t.active), .money(t.inflow),
                .money(t.outflow),
                t.meanScore, t.scorePercentile(10), t.scorePercentile(50), t.scorePercentile(90),
                t.productCell(.int(t.matched)), t.productCell(.money(t.suggestedLimit)), .int(t.healthy),
                t.productCell(.int(t.gap)),
                t.gapShare,
            ])
            mix.rows.append([.text(level), .text(code), .text(name(code))] + t.grades.map { .int($0) })
        }
        let districtRows = areas.filter { $0.level == "district" }
        let bars = BarChart(
            labels: districtRows.map { "\($0.code) \(name($0.code))" },
            series: ["matched", "healthy, no product (gap)", "other"],
            values: districtRows.map {
                [
                    Double($0.tally.matched), Double($0.tally.gap),
                    Double($0.tally.firms - $0.tally.matched - $0.tally.gap),
                ]
            },
            unit: "firms")
        let gradeBars = BarChart(
            labels: districtRows.map { "\($0.code) \(name($0.code))" }, series: grades + ["other"],
            values: districtRows.map { $0.tally.grades.map(Double.init) }, unit: "firms by grade")
        let productNote =
            batch.hasProducts
            ? CashFlowHealth.definition
            : "This build has no product matches (no catalog was loaded when it ran): matched, limits and gap are empty. "
                + CashFlowHealth.definition
        return Report(
            kind: "region", title: "Regional roll-up (city → district → town)",
            facts: ReportFacts.batch(batch) + filter.facts,
            sections: [
                ReportSection(
                    key: "areas", title: "Firms, flows, scores and financing by area",
                    note:
                        "Active: any entry in the window's last 3 months. Flows: the window's inflow and outflow. Suggested limit: the largest eligible product's limit. "
                        + productNote,
                    table: summary, chart: .bars(bars)),
                ReportSection(key: "grades", title: "Grade mix by area", table: mix, chart: .bars(gradeBars)),
            ])
    }
}

/// Facts every report starts with.
enum ReportFacts {
    static func batch(_ batch: ReportBatch, previous: ReportBatch? = nil) -> [Report.Fact] {
        var facts: [Report.Fact] = [
            .init("batch", "Build (snapshot batch)", String(batch.id)), .init("as_of", "As of", batch.asOf.description),
            .init("window_months", "Window", "\(batch.windowMonths) months"),
            .init("firms", "Firms in build", String(batch.firms.count)),
        ]
        if let previous {
            facts.append(.init("previous_batch", "Previous build", "\(previous.id) (as of \(previous.asOf))"))
        }
        return facts
    }
}
