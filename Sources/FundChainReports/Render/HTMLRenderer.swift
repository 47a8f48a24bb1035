import FundChainCore

/// One self-contained HTML page: inline CSS, inline SVG charts, no scripts, fonts or links to
/// anything outside the file. Every text from the data is escaped, by `HTML.escape`.
enum HTMLRenderer {
    static func render(_ report: Report) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(report.title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <h1>\(HTML.escape(report.title))</h1>
            <dl class="facts">
            """
        for fact in report.facts { out += "<dt>\(HTML.escape(fact.label))</dt><dd>\(HTML.escape(fact.value))</dd>" }
        out += "</dl>\n"
        for section in report.sections {
            out += "<section id=\"\(HTML.escape(section.key))\">\n<h2>\(HTML.escape(section.title))</h2>\n"
            if let note = section.note { out += "<p class=\"note\">\(HTML.escape(note))</p>\n" }
            if let chart = section.chart { out += "<figure>" + SVGChart.render(chart) + "</figure>\n" }
            if let table = section.table { out += self.table(table) }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    static func table(_ table: ReportTable) -> String {
        guard !table.rows.isEmpty else { return "<p class=\"none\">(none)</p>\n" }
        let numeric = table.columns.indices.map { i in table.rows.contains { $0[i].isNumeric } }
        var out = "<table>\n<thead><tr>"
        for (i, column) in table.columns.enumerated() {
            out +=
                "<th\(numeric[i] ? " class=\"n\"" : "") title=\"\(HTML.escape(column.key))\">\(HTML.escape(column.label))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += "<td\(numeric[i] ? " class=\"n\"" : "")>\(HTML.escape(cell.display))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;\
        margin:24px;color:#1d2733;max-width:1100px}\
        h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #d5dbe3}\
        dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:13px}\
        dl.facts dt{color:#5b6776}dl.facts dd{margin:0}\
        p.note{font-size:13px;color:#44505e;margin:4px 0 8px}\
        table{border-collapse:collapse;font-size:12px;margin:6px 0}\
        th,td{border-bottom:1px solid #e4e8ee;padding:3px 8px;text-align:left;white-space:nowrap}\
        th{background:#f2f5f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
        figure{margin:8px 0}svg text{font-size:11px;fill:#1d2733}
        """
}
