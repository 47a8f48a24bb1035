/// A small HTML writer: text escaping and element helpers, for self-contained reports (no
/// external scripts, styles or fonts). Every piece of text that reaches a page goes through
/// `escape`, the one HTML escaper (the report renderer, the SVG charts and the snapshot page use
/// it); `element` takes content that is already HTML.
public enum HTML {
    /// `text` with `& < > " '` replaced by character references, safe in element content and in
    /// quoted attribute values. Works on Unicode scalars, not characters: a `<` followed by a
    /// combining mark is one `Character` (`"<\u{338}"` even equals `"≮"`) but still markup.
    /// - Complexity: O(n) in the UTF-8 length.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `<name a="v" …>content</name>`; attribute values are escaped, `content` is HTML.
    public static func element(_ name: String, _ attributes: KeyValuePairs<String, String>, _ content: String) -> String
    {
        "<\(name)\(attributeText(attributes))>\(content)</\(name)>"
    }

    /// `<name>content</name>`; `content` is HTML.
    public static func element(_ name: String, _ content: String) -> String { "<\(name)>\(content)</\(name)>" }

    /// An element whose content is plain text (escaped).
    public static func text(_ name: String, _ attributes: KeyValuePairs<String, String>, _ text: String) -> String {
        element(name, attributes, escape(text))
    }

    /// `<name>escaped text</name>`.
    public static func text(_ name: String, _ text: String) -> String { element(name, escape(text)) }

    /// A `<table>` of plain-text cells: an optional header row, then the rows. Columns listed in
    /// `numeric` are right-aligned (class `num`).
    public static func table(header: [String]?, rows: [[String]], numeric: Set<Int> = [], class name: String? = nil)
        -> String
    {
        func cells(_ row: [String], tag: String) -> String {
            row.enumerated().map { i, cell in
                numeric.contains(i) ? text(tag, ["class": "num"], cell) : text(tag, cell)
            }.joined()
        }
        var out = ""
        if let header { out += element("thead", element("tr", cells(header, tag: "th"))) }
        out += element("tbody", rows.map { element("tr", cells($0, tag: "td")) }.joined(separator: "\n"))
        return name.map { element("table", ["class": $0], out) } ?? element("table", out)
    }

    /// A complete UTF-8 document with an inline style sheet.
    public static func document(title: String, style: String, body: String, language: String = "zh-CN") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(escape(language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static func attributeText(_ attributes: KeyValuePairs<String, String>) -> String {
        attributes.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }
}
