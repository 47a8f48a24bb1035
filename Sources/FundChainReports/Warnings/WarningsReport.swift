import Foundation
import FundChainCore

/// `fundchain report warnings`: the early-warning loop (sense → warn → dispose → review): this
/// build's warnings and any still open from earlier builds, open vs handled, and how long
/// handling took.
public enum WarningsReport {
    /// - Parameters:
    ///   - warnings: the stored warnings to show (the store's `open or raised by batch`).
    ///   - scoreDrop: the threshold the warnings were raised with (shown in the facts).
    ///   - outcomes: how past builds' warnings turned out (the `outcomes` section); `nil`: no such section.
    /// - Complexity: O(w log w) for w warnings.
    public static func build(
        _ batch: ReportBatch, previous: ReportBatch?, warnings: [StoredWarning], scoreDrop: Int,
        filter: ReportFilter = .init(),
        outcomes: WarningOutcomes? = nil
    ) -> Report {
        let shown = warnings.filter { filter.matches(region: $0.region, industry: $0.industry) }.sorted {
            $0.id < $1.id
        }
        var summary = ReportTable(columns: [
            .init("kind", "kind"), .init("raised", "raised"), .init("open", "open"), .init("handled", "handled"),
            .init("mean_hours_to_handle", "mean hours to handle"),
            .init("median_hours_to_handle", "median hours to handle"),
        ])
        let kinds = EarlyWarning.Kind.allCases.map(\.rawValue)
        for kind in kinds + ["all"] {
            let group = shown.filter { kind == "all" || $0.kind == kind }
            let hours = group.compactMap(\.hoursToHandle).sorted()
            summary.rows.append([
                .text(kind), .int(group.count), .int(group.count - hours.count), .int(hours.count),
                hours.isEmpty ? .empty : .number(hours.reduce(0, +) / Double(hours.count), digits: 1),
                hours.isEmpty ? .empty : .number(hours[max(1, (hours.count + 1) / 2) - 1], digits: 1),
            ])
        }
        var list = ReportTable(columns: [
            .init("id", "id"), .init("batch", "build"), .init("uscc", "USCC"), .init("name", "name"),
            .init("kind", "kind"),
            .init("detail", "detail"), .init("raised_at", "raised (UTC)"), .init("status", "status"),
            .init("handled_at", "handled (UTC)"), .init("hours_to_handle", "hours"), .init("note", "note"),
        ])
        for w in shown {
            list.rows.append([
                .int(w.id), .int(w.batchID), .text(w.uscc), .text(w.name), .text(w.kind), .text(w.detail),
                .text(utc(w.raisedAt)), .text(w.handledAt == nil ? "open" : "handled"),
                w.handledAt.map { .text(utc($0)) } ?? .empty,
                .number(w.hoursToHandle, 1), w.note.map { .text($0) } ?? .empty,
            ])
        }
        let open = shown.filter { $0.handledAt == nil }.count
        let chart = BarChart(
            labels: kinds, series: ["open", "handled"],
            values: kinds.map { k in
                let g = shown.filter { $0.kind == k }
                let h = g.filter { $0.handledAt != nil }.count
                return [Double(g.count - h), Double(h)]
            }, unit: "warnings")
        var facts = ReportFacts.batch(batch, previous: previous) + filter.facts
        facts.append(.init("score_drop", "Score drop threshold", "\(scoreDrop) points"))
        facts.append(.init("open", "Open", String(open)))
        if let outcomes {
            facts.append(.init("outcome_horizon", "Outcome horizon", "\(outcomes.horizonMonths) months"))
            facts.append(.init("credit_events", "Credit events", String(outcomes.creditEvents)))
        }
        return Report(
            kind: "warnings", title: "Early warnings", facts: facts,
            sections: [
                ReportSection(
                    key: "summary", title: "Open and handled by kind",
                    note: previous == nil
                        ? "Only one build so far: warnings compare a build with the previous one."
                        : "Raised when a build is compared with the previous one: grade fell; score fell by more than the threshold; inflow collapsed (last 3 months' inflow at most half of the 3 before, and not so in the previous build); joined a payment cycle (in a 2–4 firm cycle of flows ≥ ¥10,000, in none before). Hours to handle: from the build's time to `fundchain warnings ack`.",
                    table: summary, chart: .bars(chart)),
                ReportSection(
                    key: "warnings", title: "Warnings (this build's, and older ones still open)", table: list),
            ] + (outcomes.map { [outcomeSection($0)] } ?? []))
    }

    /// `YYYY-MM-DD HH:MM` in UTC.
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ x: Int?) -> String { x.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }
}

extension ReportFilter {
    /// For rows that carry codes rather than a firm (stored warnings).
    public func matches(region code: String, industry: String) -> Bool {
        (region.map { code.hasPrefix($0.code) } ?? true) && (self.industry.map { industry.hasPrefix($0.code) } ?? true)
    }
}
