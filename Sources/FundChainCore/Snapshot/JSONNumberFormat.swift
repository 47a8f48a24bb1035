/// Formats a finite `Double` as ECMAScript's Number::toString does (ECMA-262 §6.1.6.1.20), the
/// number form of RFC 8785 (JCS) §3.2.2.3.
///
/// The shortest round-trip digits come from Swift's own `description` (which prints the shortest
/// digit string that parses back to the same double, the closest one when several are as short);
/// only the layout (where the point goes, when to use an exponent) is ECMAScript's.
///
/// One deliberate deviation from ECMAScript: an integral double of magnitude ≥ 2^53 takes the
/// exponent form even below 10^21 (2^53 → `9.007199254740992e+15`, where JCS writes
/// `9007199254740992`). Its shortest digits are not its exact value, so written as a plain
/// integer it would read back as a different `Int64`; with the exponent it reads back as the
/// same double. Integers that are meant to be exact are `.int` and always written exactly.
enum JSONNumberFormat {
    /// The canonical text of `value`. Precondition: `value` is finite.
    static func string(_ value: Double) -> String {
        var out: [UInt8] = []
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// - Complexity: O(1) (at most 17 significant digits).
    static func write(_ value: Double, into out: inout [UInt8]) {
        precondition(value.isFinite, "NaN and infinity have no canonical JSON form")
        if value == 0 {
            out.append(UInt8(ascii: "0"))  // also -0
            return
        }
        // Fast path: integers of at most 15 digits print as themselves.
        if value.magnitude < 1e15, value == value.rounded(.towardZero) {
            out.append(contentsOf: String(Int64(value)).utf8)
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let (digits, n) = shortestDigits(value.magnitude)
        layout(digits: digits, n: n, integerExponent: value.magnitude >= 0x1p53, into: &out)
    }

    /// The shortest round-trip decimal digits `s` (no leading or trailing zeros) and the exponent
    /// `n` with value = 0.s × 10^n, read off Swift's description ("1.5e+21", "0.001", "12.5").
    static func shortestDigits(_ magnitude: Double) -> (digits: [UInt8], n: Int) {
        let text = Array(magnitude.description.utf8)
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            var sign = 1
            var i = e + 1
            if text[i] == UInt8(ascii: "-") { sign = -1; i += 1 } else if text[i] == UInt8(ascii: "+") { i += 1 }
            while i < text.count {
                exponent = exponent * 10 + Int(text[i] - 0x30)
                i += 1
            }
            exponent *= sign
        }
        var digits: [UInt8] = []
        var pointAt = 0  // digits before the decimal point
        var sawPoint = false
        for b in mantissa {
            if b == UInt8(ascii: ".") {
                sawPoint = true
                continue
            }
            if digits.isEmpty && b == UInt8(ascii: "0") {
                if sawPoint { pointAt -= 1 }  // leading zeros after the point shift it left
                continue
            }
            digits.append(b)
            if !sawPoint { pointAt += 1 }
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, pointAt + exponent)
    }

    /// ECMAScript's layout of digits `s` (k of them) with value 0.s × 10^n; `integerExponent`
    /// forces the exponent form on integral values (magnitude ≥ 2^53, see above).
    static func layout(digits s: [UInt8], n: Int, integerExponent: Bool = false, into out: inout [UInt8]) {
        let k = s.count
        if integerExponent && k <= n {
            exponentForm(digits: s, n: n, into: &out)
        } else if k <= n && n <= 21 {
            out.append(contentsOf: s)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: s[..<n])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: s[n...])
        } else if -6 < n && n <= 0 {
            out.append(contentsOf: "0.".utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: s)
        } else {
            exponentForm(digits: s, n: n, into: &out)
        }
    }

    static func exponentForm(digits s: [UInt8], n: Int, into out: inout [UInt8]) {
        out.append(s[0])
        if s.count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: s[1...])
        }
        out.append(UInt8(ascii: "e"))
        let e = n - 1
        out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        out.append(contentsOf: String(e.magnitude).utf8)
    }
}
