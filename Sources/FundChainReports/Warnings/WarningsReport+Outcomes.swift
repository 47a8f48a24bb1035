import FundChainCore

extension WarningsReport {
    static let outcomeColumns = [
        ReportColumn("batch", "build"), ReportColumn("as_of", "as of"),
        ReportColumn("observed_months", "months observed"), ReportColumn("kind", "kind"),
        ReportColumn("warned", "warned"), ReportColumn("defaulted", "defaulted"),
        ReportColumn("hit_rate", "hit rate"), ReportColumn("hit_low", "hit 95% low"),
        ReportColumn("hit_high", "hit 95% high"), ReportColumn("firms", "firms"),
        ReportColumn("firms_defaulted", "firms defaulted"), ReportColumn("base_rate", "base rate"),
        ReportColumn("lift", "lift"),
    ]

    /// `outcomes`: per raising build and kind, whether the warned firms went on to default, and
    /// how often against the build's whole population (docs/reports.md, "Outcomes").
    static func outcomeSection(_ outcomes: WarningOutcomes) -> ReportSection {
        let rows: [[ReportCell]] = outcomes.rows.map { r in
            [
                .int(r.batchID), .text(r.asOf.description), .int(r.observedMonths), .text(r.kind ?? "all"),
                .int(r.warned), .int(r.defaulted),
                .number(r.hitRate, 6), .number(r.hitInterval?.low, 6), .number(r.hitInterval?.high, 6),
                .int(r.firms), .int(r.firmsDefaulted), .number(r.baseRate, 6), .number(r.lift, 4),
            ]
        }
        let horizon = outcomes.horizonMonths
        var note: String
        if outcomes.creditEvents == 0 {
            note =
                "No credit events have been imported (`fundchain events import`): whether warned firms defaulted cannot be told yet."
        } else {
            note =
                "Per build that raised warnings: the firms warned, of them defaulted within \(horizon) months after the build's as-of "
                + "date (first default, overdue_90 or written_off event), the hit rate with Jeffreys' 95 % interval; the base rate "
                + "over all the build's firms, and lift = hit rate / base rate. Firms already in default on the as-of date are left "
                + "out of both; `all` counts a firm warned by several kinds once."
            let partial = Set(outcomes.rows.filter { $0.observedMonths < horizon }.map(\.batchID))
            if !partial.isEmpty {
                note +=
                    " The horizon has not fully passed for build(s) \(partial.sorted().map(String.init).joined(separator: ", ")): "
                    + "their rates are so far, over the months observed."
            }
            if !outcomes.pending.isEmpty {
                note +=
                    " Not a month old, no outcome yet: "
                    + outcomes.pending.map { "build \($0.batchID) (as of \($0.asOf))" }.joined(separator: ", ") + "."
            } else if outcomes.rows.isEmpty {
                note += " No build has raised warnings yet."
            }
        }
        // HTML: the lift per kind of the newest build whose horizon has passed (else the newest).
        let shown = (outcomes.rows.last { $0.observedMonths >= horizon } ?? outcomes.rows.last)?.batchID
        let latest = outcomes.rows.filter { $0.batchID == shown && $0.lift != nil }
        let chart = BarChart(
            labels: latest.map { $0.kind ?? "all" }, series: ["lift"], values: latest.map { [$0.lift ?? 0] },
            unit:
                "lift in build \(latest.first.map { String($0.batchID) } ?? ""): hit rate ÷ base rate (1 = no better than the base rate)"
        )
        return ReportSection(
            key: "outcomes", title: "Outcomes: did warned firms default? (\(horizon)-month horizon)", note: note,
            table: ReportTable(columns: outcomeColumns, rows: rows), chart: latest.isEmpty ? nil : .bars(chart),
            topLevel: .list)
    }
}
