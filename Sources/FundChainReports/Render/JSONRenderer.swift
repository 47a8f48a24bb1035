/// The whole report as JSON, keys in report order:
/// `{"report", "title", "facts": {key: text}, "sections": [{"key", "title", "note", "columns", "rows": [{column: value}]}]}`;
/// sections marked `topLevel` also appear between `facts` and `sections` (their row's columns as
/// members, or their rows as an array named by the section's key).
/// Integers and money are JSON numbers written exactly (money in yuan with two decimals), shares
/// are ratios, missing values `null`.
enum JSONRenderer {
    static func render(_ report: Report) -> String {
        var out = "{\"report\":\(string(report.kind)),\"title\":\(string(report.title)),\"facts\":{"
        out += report.facts.map { "\(string($0.key)):\(string($0.value))" }.joined(separator: ",")
        out += "}"
        for section in report.sections {
            guard let table = section.table, let topLevel = section.topLevel else { continue }
            switch topLevel {
            case .fields:
                for (column, cell) in zip(table.columns, table.rows.first ?? []) {
                    out += ",\(string(column.key)):\(value(cell))"
                }
            case .list:
                out +=
                    ",\(string(section.key)):[" + table.rows.map { row(table.columns, $0) }.joined(separator: ",") + "]"
            }
        }
        out += ",\"sections\":["
        out += report.sections.map(section).joined(separator: ",")
        return out + "]}\n"
    }

    static func section(_ section: ReportSection) -> String {
        var out = "{\"key\":\(string(section.key)),\"title\":\(string(section.title))"
        out += ",\"note\":" + (section.note.map(string) ?? "null")
        if let table = section.table {
            out += ",\"columns\":[" + table.columns.map { string($0.key) }.joined(separator: ",") + "]"
            out += ",\"rows\":["
            out += table.rows.map { row(table.columns, $0) }.joined(separator: ",")
            out += "]"
        }
        return out + "}"
    }

    static func row(_ columns: [ReportColumn], _ cells: [ReportCell]) -> String {
        "{" + zip(columns, cells).map { "\(string($0.key)):\(value($1))" }.joined(separator: ",") + "}"
    }

    static func value(_ cell: ReportCell) -> String {
        switch cell {
        case .text(let text): string(text)
        case .empty: "null"
        case .number(let x, _), .percent(let x): x.isFinite ? cell.machine : "null"
        case .int, .money: cell.machine
        }
    }

    /// A JSON string literal (RFC 8259 escapes; control characters as `\u00xx`).
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
