import Foundation
import FundChainCore
import Testing

@testable import FundChainReports

/// Each format drawn from one small report.
struct RendererTests {
    static let report = Report(
        kind: "test", title: "报告 <test>", facts: [.init("batch", "Build", "7")],
        sections: [
            ReportSection(
                key: "rows", title: "Rows", note: "A note & more",
                table: ReportTable(
                    columns: [
                        .init("name", "name"), .init("firms", "firms"), .init("amount_yuan", "amount ¥"),
                        .init("share", "share"),
                    ],
                    rows: [
                        [.text("重庆"), .int(3), .money(123_456_789), .percent(0.125)],
                        [.text("a,\"b\" <script>alert(1)</script>"), .int(10), .money(-5), .empty],
                    ]),
                chart: .bars(BarChart(labels: ["重庆", "<b>"], series: ["x"], values: [[3], [10]], unit: "firms"))),
            ReportSection(key: "text", title: "Only text", note: "nothing else"),
        ])

    @Test func tableAlignsCJKByDisplayWidth() {
        // 重庆 is 4 columns wide; numbers right-aligned.
        let lines = TextRenderer.layout(Self.report.sections[0].table!)
        // Widths: name 31 (the second row), firms 5, amount 12, share 5; 59 in all.
        func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }
        #expect(
            lines == [
                "name" + spaces(29) + "firms" + spaces(6) + "amount ¥" + spaces(2) + "share",
                String(repeating: "-", count: 59),
                "重庆" + spaces(33) + "3" + spaces(2) + "1,234,567.89" + spaces(2) + "12.5%",
                "a,\"b\" <script>alert(1)</script>" + spaces(5) + "10" + spaces(9) + "-0.05" + spaces(6) + "-",
            ])
        let small = ReportTable(
            columns: [.init("n", "name"), .init("f", "firms")],
            rows: [[.text("重庆"), .int(3)], [.text("ab"), .int(10)]])
        #expect(TextRenderer.layout(small) == ["name  firms", "-----------", "重庆      3", "ab       10"])
    }

    @Test func csvIsOneCleanTable() throws {
        #expect(
            try Self.report.rendered(as: .csv)
                == "name,firms,amount_yuan,share\n重庆,3,1234567.89,0.1250\n\"a,\"\"b\"\" <script>alert(1)</script>\",10,-0.05,\n"
        )
        #expect(throws: ReportError.self) { try Self.report.rendered(as: .csv, table: "text") }
        #expect(throws: ReportError.self) { try Self.report.rendered(as: .csv, table: "nope") }
    }

    @Test func jsonHoldsEverySectionTyped() throws {
        let text = try Self.report.rendered(as: .json)
        let json = try JSONValue(parsing: Array(text.utf8))
        #expect(json["report"] == "test")
        #expect(json["facts"]?["batch"] == "7")
        let rows = try #require(json["sections"]?[0]?["rows"])
        #expect(rows[0]?["amount_yuan"] == .double(1_234_567.89))
        #expect(rows[0]?["firms"] == .int(3))
        #expect(rows[1]?["share"] == .null)
        #expect(rows[1]?["name"] == "a,\"b\" <script>alert(1)</script>")
        #expect(json["sections"]?[1]?["rows"] == nil)
    }

    @Test func markdownEscapesAndAlignsNumbers() throws {
        let lines = try Self.report.rendered(as: .markdown).split(separator: "\n").map(String.init)
        #expect(lines.contains("| name | firms | amount ¥ | share |"))
        #expect(lines.contains("| --- | ---: | ---: | ---: |"))
        #expect(lines.contains("| 重庆 | 3 | 1,234,567.89 | 12.5% |"))
        #expect(lines.contains("| a,\"b\" \\<script\\>alert(1)\\</script\\> | 10 | -0.05 | - |"))
    }

    @Test func htmlIsSelfContainedAndEscaped() throws {
        let html = try Self.report.rendered(as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(html.contains("a,&quot;b&quot; &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<title>报告 &lt;test&gt;</title>"))
        #expect(html.contains("&lt;b&gt;"))
        #expect(html.contains("A note &amp; more"))
        // Nothing fetched from outside: no src/href attributes, no url(), no @import.
        for needle in ["src=", "href=", "url(", "@import", "<link"] { #expect(!html.contains(needle), "\(needle)") }
        #expect(html.components(separatedBy: "<svg").count == 2)
    }
}
