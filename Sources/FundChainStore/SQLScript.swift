/// Splits a SQL script into statements, respecting single-quoted strings, quoted identifiers,
/// dollar-quoted bodies (`$$ … $$`, `$tag$ … $tag$`) and comments. PostgresNIO runs one
/// statement per query, so `schema.sql` is applied statement by statement.
enum SQLScript {
    /// - Complexity: O(n) in the script length.
    static func statements(_ script: String) -> [String] {
        let s = Array(script.utf8)
        var out: [String] = []
        var start = 0
        var i = 0
        func flush(_ end: Int) {
            let text = String(decoding: s[start..<end], as: UTF8.self)
            if !stripComments(text).allSatisfy({ $0.isWhitespace }) { out.append(text.trimmingWhitespace()) }
        }
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "-"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "-") {
                while i < s.count, s[i] != UInt8(ascii: "\n") { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < s.count, !(s[i] == UInt8(ascii: "*") && s[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                i += 1
                while i < s.count {
                    if s[i] == c {
                        if i + 1 < s.count, s[i + 1] == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
            } else if c == UInt8(ascii: "$"), let tagEnd = dollarTagEnd(s, i) {
                let tag = Array(s[i...tagEnd])
                i = tagEnd + 1
                while i < s.count, !s[i...].starts(with: tag) { i += 1 }
                i += tag.count
            } else if c == UInt8(ascii: ";") {
                flush(i)
                start = i + 1
                i += 1
            } else {
                i += 1
            }
        }
        if start < s.count { flush(s.count) }
        return out
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `i`, if any.
    static func dollarTagEnd(_ s: [UInt8], _ i: Int) -> Int? {
        var j = i + 1
        while j < s.count {
            let b = s[j]
            if b == UInt8(ascii: "$") { return j }
            let isTagChar =
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
                || (j > i + 1 && b >= 0x30 && b <= 0x39)
            guard isTagChar else { return nil }
            j += 1
        }
        return nil
    }

    static func stripComments(_ text: String) -> String {
        text.split(separator: "\n").map { line in
            line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line)
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
