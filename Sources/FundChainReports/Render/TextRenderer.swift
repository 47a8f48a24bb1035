import FundChainCore

/// Aligned plain text for a terminal: the title, the facts, then each section's table with
/// columns padded by display width (a CJK character takes two columns), numbers right-aligned.
enum TextRenderer {
    static func render(_ report: Report) -> String {
        var lines = [report.title, String(repeating: "=", count: DisplayWidth.of(report.title))]
        lines += DisplayWidth.table(report.facts.map { [$0.label + ":", $0.value] })
        for section in report.sections {
            lines += ["", section.title, String(repeating: "-", count: DisplayWidth.of(section.title))]
            if let note = section.note { lines.append(note) }
            guard let table = section.table else { continue }
            if table.rows.isEmpty {
                lines.append("(none)")
                continue
            }
            lines += layout(table)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table's lines: header, rule, rows.
    static func layout(_ table: ReportTable) -> [String] {
        let right = Set(
            table.columns.indices.filter { i in
                table.rows.contains { $0[i].isNumeric } && table.rows.allSatisfy { $0[i].isNumeric || $0[i] == .empty }
            })
        let header = table.columns.map(\.label)
        let body = table.rows.map { $0.map(\.display) }
        var lines = DisplayWidth.table([header] + body, rightAligned: right)
        let width = lines.map { DisplayWidth.of($0) }.max() ?? 0
        lines.insert(String(repeating: "-", count: width), at: 1)
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }
}
