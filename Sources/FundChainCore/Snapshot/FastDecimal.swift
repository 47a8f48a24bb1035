/// Decimal text to `Double` without making a string, for the numbers that allow it: Clinger's
/// fast path. A mantissa of at most 19 significant digits that is ≤ 2^53 and a power of ten
/// ≤ 10^22 are both exact in a `Double`, so one multiplication or division rounds correctly —
/// the same value `Double(_: String)` gives. Most numbers in a snapshot body (amounts, shares and
/// rates of up to 15 or 16 digits) take it; the rest return `nil`, and the caller converts them
/// in full. Used by the JSON parser and by the reports' body reader, where making
/// a `String` per number for `strtod` was a large part of reading a body.
public enum FastDecimal {
    /// Exact powers of ten as `Double`s: 10^0 … 10^22.
    private static let powersOfTen: [Double] = (0...22).map { (n: Int) -> Double in
        (0..<n).reduce(1.0) { value, _ in value * 10 }
    }

    /// The value of the decimal number `bytes` (`-`? digits (`.` digits)? (`e`|`E` (`+`|`-`)?
    /// digits)?), correctly rounded, when the fast path applies; `nil` when it does not or
    /// `bytes` is not such a number (the caller then converts the token in full).
    public static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var i = 0
        let end = bytes.count
        guard end > 0 else { return nil }
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits in `mantissa`
        var exponent = 0
        var sawDigit = false
        func digit(_ at: Int) -> UInt64? {
            let b = bytes[at]
            return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? UInt64(b &- UInt8(ascii: "0")) : nil
        }
        while i < end, let d = digit(i) {
            if mantissa != 0 || d != 0 { digits += 1 }
            guard digits <= 19 else { return nil }
            mantissa = mantissa &* 10 &+ d
            sawDigit = true
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var fraction = false
            while i < end, let d = digit(i) {
                if mantissa != 0 || d != 0 { digits += 1 }
                guard digits <= 19 else { return nil }
                mantissa = mantissa &* 10 &+ d
                exponent -= 1
                fraction = true
                i += 1
            }
            guard fraction else { return nil }
        }
        guard sawDigit else { return nil }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negativeExponent = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var exponentDigits = 0
            while i < end, let d = digit(i) {
                e = e * 10 + Int(d)
                exponentDigits += 1
                guard exponentDigits <= 4 else { return nil }
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += negativeExponent ? -e : e
        }
        guard i == end, mantissa <= 1 << 53, abs(exponent) <= 22 else { return nil }
        let magnitude =
            exponent < 0 ? Double(mantissa) / powersOfTen[-exponent] : Double(mantissa) * powersOfTen[exponent]
        return negative ? -magnitude : magnitude
    }
}
