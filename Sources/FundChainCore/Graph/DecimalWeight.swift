/// A non-negative decimal weight read exactly from text: `significand × 10^exponent`.
///
/// Accepts `12`, `12.30`, `.5`, `1e-3`, `2.5E+3`; rejects signs other than a leading `+` (a `-`
/// is reported as negative), `nan`, `inf`, thousands separators and anything else. Up to 18
/// significant digits are kept exactly; a longer significand is rounded half-up at the 18th
/// digit (no 64-bit float has more than 17 significant digits, so printed floats stay exact).
struct DecimalWeight: Sendable, Equatable {
    var significand: Int64
    var exponent: Int

    enum ParseError: Error, Sendable, Equatable { case notANumber, negative }

    init(significand: Int64, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }

    /// - Complexity: O(length of the text).
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) {
        var i = 0, end = bytes.count
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        while end > i, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var negative = false
        if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: Int64 = 0
        var kept = 0
        var exponent = 0
        var digits = 0
        var seenPoint = false
        var roundUp = false
        var dropped = false
        while i < end {
            let b = bytes[i]
            if b >= 0x30, b <= 0x39 {
                digits += 1
                if significand == 0 && b == 0x30 {
                    if seenPoint { exponent -= 1 }
                } else if kept < 18 {
                    significand = significand * 10 + Int64(b - 0x30)
                    kept += 1
                    if seenPoint { exponent -= 1 }
                } else {
                    if !dropped { roundUp = b >= 0x35 }
                    dropped = true
                    if !seenPoint { exponent += 1 }
                }
            } else if b == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { throw .notANumber }
        if i < end {
            guard bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") else { throw .notANumber }
            i += 1
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0, expDigits = 0
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                if e < 100_000 { e = e * 10 + Int(bytes[i] - 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0, i == end else { throw .notANumber }
            exponent += expNegative ? -e : e
        }
        if roundUp { significand += 1 }
        if significand == 0 { exponent = 0 }
        guard !negative || significand == 0 else { throw .negative }
        self.significand = significand
        self.exponent = exponent
    }

    /// The value as a `Double`, for choosing a scale.
    var approximate: Double {
        var v = Double(significand)
        var e = exponent
        while e > 0 { v *= 10; e -= 1 }
        while e < 0 { v /= 10; e += 1 }
        return v
    }

    /// The value in units of `10^-scale`, rounded half-up, or `nil` on overflow.
    func scaled(to scale: Int) -> Int64? {
        var v = significand
        let shift = exponent + scale
        if shift >= 0 {
            for _ in 0..<shift {
                let (m, o) = v.multipliedReportingOverflow(by: 10)
                if o { return nil }
                v = m
            }
            return v
        }
        if -shift > 19 { return 0 }
        var divisor: Int64 = 1
        for _ in 0..<(-shift - 1) { divisor *= 10 }
        // Divide by 10^(−shift − 1), then round the last digit.
        let q = v / divisor
        return q / 10 + (q % 10 >= 5 ? 1 : 0)
    }

    /// The smallest whole number of `10^-scale` units that is ≥ the value, or `nil` on overflow.
    func scaledUp(to scale: Int) -> Int64? {
        let shift = exponent + scale
        if shift >= 0 { return scaled(to: scale) }
        if -shift > 18 { return significand == 0 ? 0 : 1 }
        var divisor: Int64 = 1
        for _ in 0..<(-shift) { divisor *= 10 }
        return significand / divisor + (significand % divisor == 0 ? 0 : 1)
    }
}
