/// GitHub-flavoured Markdown: a heading per section, facts as a list, tables with numeric columns
/// right-aligned; `|` and line breaks in cells escaped.
enum MarkdownRenderer {
    static func render(_ report: Report) -> String {
        var lines = ["# \(escape(report.title))", ""]
        for fact in report.facts { lines.append("- **\(escape(fact.label))**: \(escape(fact.value))") }
        for section in report.sections {
            lines += ["", "## \(escape(section.title))", ""]
            if let note = section.note { lines += [escape(note), ""] }
            guard let table = section.table else { continue }
            if table.rows.isEmpty {
                lines.append("(none)")
                continue
            }
            lines.append("| " + table.columns.map { escape($0.label) }.joined(separator: " | ") + " |")
            let rules = table.columns.indices.map { i in table.rows.contains { $0[i].isNumeric } ? "---:" : "---" }
            lines.append("| " + rules.joined(separator: " | ") + " |")
            for row in table.rows {
                lines.append("| " + row.map { escape($0.display) }.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r\n", "\r": out += " "
            case "*", "_", "`", "<", ">", "[", "]": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }
}
