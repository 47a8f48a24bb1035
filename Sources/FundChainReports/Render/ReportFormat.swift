/// The output formats of `fundchain report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal (CJK text measured by display width).
    case table
    /// One table (the first, or the one chosen) as RFC 4180 CSV with a header of machine names.
    case csv
    /// The whole report: facts and every table, cells typed (money as exact yuan numbers).
    case json
    /// GitHub-flavoured Markdown tables.
    case markdown
    /// One self-contained HTML file with inline SVG charts.
    case html
}

extension Report {
    /// The report in `format`. `table` picks the CSV table by section key (default: the first).
    public func rendered(as format: ReportFormat, table: String? = nil) throws(ReportError) -> String {
        switch format {
        case .table: return TextRenderer.render(self)
        case .csv: return try CSVRenderer.render(self, table: table)
        case .json: return JSONRenderer.render(self)
        case .markdown: return MarkdownRenderer.render(self)
        case .html: return HTMLRenderer.render(self)
        }
    }
}
