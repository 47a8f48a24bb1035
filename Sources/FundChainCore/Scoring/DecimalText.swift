/// The one rule for reading numbers from text in scoring and model development.
///
/// A value is a number when, trimmed of spaces, it is an optional sign, digits, and optionally
/// a `.` and more digits (`12`, `-0.5`, `.25`, `3.`), or the same with a decimal exponent
/// (`1e6`, `2.5E-3`). Anything else (`n/a`, `inf`, `nan`, `0x1F`, `1,000`) is not a number.
public enum DecimalText {
    /// `text` without leading and trailing spaces and tabs.
    public static func trimmed(_ text: some StringProtocol) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// `true` when `text` is empty or only spaces and tabs.
    public static func isBlank(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The number `text` spells under the rule above, or `nil`.
    ///
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: some StringProtocol) -> Double? {
        let utf8 = Array(text.utf8)
        var start = 0, end = utf8.count
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start += 1 }
        while end > start, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        var i = start
        if utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < end, utf8[i] >= 0x30, utf8[i] <= 0x39 { i += 1; digits += 1 }
        if i < end, utf8[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, utf8[i] >= 0x30, utf8[i] <= 0x39 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < end, utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < end, utf8[i] >= 0x30, utf8[i] <= 0x39 { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == end else { return nil }
        let value = Double(String(decoding: utf8[start..<end], as: UTF8.self))
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// The shortest text that reads back as `x`, without a trailing `.0` for whole numbers.
    public static func canonical(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }
}
