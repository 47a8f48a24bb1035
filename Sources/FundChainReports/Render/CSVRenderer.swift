import Foundation

/// One table as RFC 4180 CSV: a header of machine names (units as suffixes), then the rows with
/// machine-formatted cells (money as exact yuan, shares as ratios). CRLF-free: lines end in `\n`.
enum CSVRenderer {
    static func render(_ report: Report, table key: String?) throws(ReportError) -> String {
        let keys = report.tableKeys
        guard let key = key ?? keys.first else {
            throw ReportError(.noSuchTable, "the \(report.kind) report has no table")
        }
        guard let table = report.section(key)?.table else {
            throw ReportError(
                .noSuchTable,
                "the \(report.kind) report has no table '\(key)' (tables: \(keys.joined(separator: ", ")))")
        }
        var out = table.columns.map { field($0.key) }.joined(separator: ",") + "\n"
        for row in table.rows { out += row.map { field($0.machine) }.joined(separator: ",") + "\n" }
        return out
    }

    /// A field, quoted when it holds a comma, quote, or line break (quotes doubled).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
