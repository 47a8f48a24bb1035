import FundChainReports
import Testing

@Suite struct HTMLTests {
    @Test func escapesTheFiveCharacters() {
        #expect(
            HTML.escape(#"<a href="x">Tom & 'Jerry'</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTML.escape("重庆甲汽车有限公司 ¥1,000") == "重庆甲汽车有限公司 ¥1,000")
        #expect(HTML.escape("&amp;") == "&amp;amp;")
    }

    /// A markup character followed by a combining mark is one `Character` in Swift, and `"<\u{338}"`
    /// equals `"≮"`; a browser still reads the `<`. Reports go through the same escaper.
    @Test func escapesMarkupUnderCombiningMarks() throws {
        #expect(HTML.escape("<\u{338}b>&\u{301}") == "&lt;\u{338}b&gt;&amp;\u{301}")
        let page = try Report(kind: "t", title: "<\u{338}b>", facts: [], sections: []).rendered(as: .html)
        #expect(page.contains("<title>&lt;\u{338}b&gt;</title>") && !page.contains("<\u{338}b"))
    }

    @Test func elementsEscapeTextAndAttributes() {
        #expect(HTML.text("p", ["class": #"a"b"#], "<b>") == #"<p class="a&quot;b">&lt;b&gt;</p>"#)
        #expect(HTML.element("div", HTML.text("span", "x")) == "<div><span>x</span></div>")
        #expect(
            HTML.table(header: ["a", "b"], rows: [["1<2", "x"]], numeric: [0])
                == #"<table><thead><tr><th class="num">a</th><th>b</th></tr></thead><tbody><tr><td class="num">1&lt;2</td><td>x</td></tr></tbody></table>"#
        )
    }

    @Test func documentIsSelfContained() {
        let page = HTML.document(title: "A & B", style: "p { color: red; }", body: "<p>x</p>")
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(page.contains("<title>A &amp; B</title>") && page.contains("<style>\np { color: red; }\n</style>"))
        #expect(!page.contains("src=") && !page.contains("<link"))
    }
}
