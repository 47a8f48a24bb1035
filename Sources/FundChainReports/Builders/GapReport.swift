import FundChainCore

/// `fundchain report gap`: the financing gap (healthy cash flows, no eligible product) by
/// district and by industry division, and the largest firms in it.
public enum GapReport {
    /// - Parameter top: how many gap firms to list (largest window inflow first).
    /// - Complexity: O(n log n).
    public static func build(_ batch: ReportBatch, filter: ReportFilter = .init(), top: Int = 20) -> Report {
        var districts: [String: AreaTally] = [:]
        var industries: [String: AreaTally] = [:]
        var gapFirms: [Int] = []
        for (f, firm) in batch.firms.enumerated() where filter.matches(firm) {
            districts[firm.region.district?.code ?? firm.region.code, default: AreaTally(grades: 0)].add(batch, firm: f)
            industries[firm.industry.division?.code ?? firm.industry.code, default: AreaTally(grades: 0)].add(
                batch, firm: f)
            if CashFlowHealth.isGap(batch, firm: f) == true { gapFirms.append(f) }
        }
        func table(_ groups: [String: AreaTally], name: (String) -> String) -> ReportTable {
            var table = ReportTable(columns: [
                .init("code", "code"), .init("name", "name"), .init("firms", "firms"), .init("healthy", "healthy"),
                .init("healthy_matched", "healthy, matched"), .init("gap", "gap"), .init("gap_share", "gap/healthy"),
                .init("gap_inflow_yuan", "gap firms' inflow ¥"),
            ])
            for code in groups.keys.sorted() {
                let t = groups[code]!
                table.rows.append([
                    .text(code), .text(name(code)), .int(t.firms), .int(t.healthy),
                    t.productCell(.int(t.healthyMatched)),
                    t.productCell(.int(t.gap)), t.gapShare, t.productCell(.money(t.gapInflow)),
                ])
            }
            return table
        }
        let byDistrict = table(districts) { (try? RegionCode($0))?.name ?? $0 }
        let byIndustry = table(industries) { (try? IndustryCode($0))?.name ?? $0 }
        gapFirms.sort {
            (batch.firms[$0].inflow, batch.firms[$1].uscc) > (batch.firms[$1].inflow, batch.firms[$0].uscc)
        }
        var firms = ReportTable(columns: [
            .init("uscc", "USCC"), .init("name", "name"), .init("district", "district"), .init("industry", "industry"),
            .init("score", "score"), .init("grade", "grade"), .init("inflow_yuan", "inflow ¥"),
        ])
        for f in gapFirms.prefix(top) {
            let firm = batch.firms[f]
            firms.rows.append([
                .text(firm.uscc), .text(firm.name), .text(firm.region.district?.name ?? firm.region.name),
                .text(firm.industry.division?.code ?? firm.industry.code), .int(firm.score), .text(firm.grade),
                .money(firm.inflow),
            ])
        }
        func bars(_ groups: [String: AreaTally], name: (String) -> String) -> ReportChart {
            let codes = groups.keys.sorted().filter { groups[$0]!.healthy > 0 }
            return .bars(
                BarChart(
                    labels: codes.map { "\($0) \(name($0))" }, series: ["healthy, matched", "gap"],
                    values: codes.map { [Double(groups[$0]!.healthyMatched), Double(groups[$0]!.gap)] },
                    unit: "healthy firms"))
        }
        let note =
            batch.hasProducts
            ? CashFlowHealth.definition
            : "This build has no product matches (no catalog was loaded when it ran), so the gap cannot be told. "
                + CashFlowHealth.definition
        return Report(
            kind: "gap", title: "Financing gap", facts: ReportFacts.batch(batch) + filter.facts,
            sections: [
                ReportSection(
                    key: "districts", title: "By district", note: note, table: byDistrict,
                    chart: bars(districts) { (try? RegionCode($0))?.name ?? $0 }),
                ReportSection(
                    key: "industries", title: "By industry division", table: byIndustry,
                    chart: bars(industries) { (try? IndustryCode($0))?.name ?? $0 }),
                ReportSection(
                    key: "firms", title: "Largest firms in the gap (top \(top) by inflow)", table: firms),
            ])
    }
}
