import FundChainCore

/// Makes text from a rejected row safe to store and show: the one function every format's
/// reject goes through (`RowReject` applies it to its field, message and raw text).
///
/// - Control characters are escaped visibly: U+0000–U+001F, U+007F–U+009F become `\u0000` …
///   `\u009F` (PostgreSQL refuses U+0000 in text, and the others would garble a log). Tab, CR
///   and LF are escaped too: a raw record is shown on one line.
/// - Account-number-like digit runs are masked, all but their last 4 digits, whatever column or
///   tag they sit in: a run of at least `maskedRunLength` ASCII digits, where single spaces
///   between digit groups (`6222 0000 0000 0001`) do not end the run. Chinese account and card
///   numbers have 12–19 digits, the domestic part of an IBAN 10 or more
///   (`NL77ABNA0574908765` → `NL77ABNA******8765`); dates (8 digits), region codes (9) and
///   amounts below 10^10 yuan are left readable.
public enum RejectText {
    /// Digit runs at least this long are masked.
    public static let maskedRunLength = 10

    /// `text` with control characters escaped and account-number-like digit runs masked.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    public static func stored(_ text: String) -> String {
        masked(escaped(text))
    }

    /// `true` when `scalar` is a C0 or C1 control character or DEL.
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    /// The first control character of `text` other than those in `allowed`, if any.
    ///
    /// - Complexity: O(n); one pass over the UTF-8 bytes when there is none (the usual case).
    public static func firstControl(in text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Unicode.Scalar? {
        // C0 and DEL are single bytes; C1 characters are C2 80 … C2 9F.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return nil }
        return text.unicodeScalars.first { isControl($0) && !allowed.contains($0) }
    }

    /// Control characters as `\uXXXX` (four hex digits, upper case).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return out
    }

    /// Digit runs of `maskedRunLength` or more digits (single spaces allowed between groups)
    /// with all but their last 4 digits replaced by `*`. The hex digits of a `\uXXXX` escape
    /// neither start nor extend a run, so `stored` gives the same text when applied twice.
    public static func masked(_ text: String) -> String {
        var bytes = Array(text.utf8)
        let n = bytes.count
        var i = 0
        var changed = false
        while i < n {
            // An escape written by `escaped` (`\u0000`) is not part of a digit run.
            if bytes[i] == UInt8(ascii: "\\"), i + 5 < n, bytes[i + 1] == UInt8(ascii: "u"),
                bytes[(i + 2)...(i + 5)].allSatisfy({ isDigit($0) || ($0 >= 0x41 && $0 <= 0x46) })
            {
                i += 6
                continue
            }
            guard isDigit(bytes[i]) else {
                i += 1
                continue
            }
            // The run: digits, and single spaces each followed by a digit.
            var digits: [Int] = []
            var k = i
            while k < n {
                if isDigit(bytes[k]) {
                    digits.append(k)
                    k += 1
                } else if bytes[k] == 0x20, k + 1 < n, isDigit(bytes[k + 1]) {
                    k += 1
                } else {
                    break
                }
            }
            if digits.count >= maskedRunLength {
                for position in digits.dropLast(4) { bytes[position] = UInt8(ascii: "*") }
                changed = true
            }
            i = k
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
