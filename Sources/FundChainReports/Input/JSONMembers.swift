import FundChainCore

/// Walks a JSON object's members without building values: finds a member's value bytes by
/// skipping everything else (strings with their escapes, nested objects and arrays). The reports
/// read two small parts of ~10 KB snapshot bodies (`features`, `products.eligible`); skipping the
/// rest is a byte loop, where parsing it whole was most of a 100k-firm report's time.
///
/// Input must be valid JSON (snapshot bodies are canonical JSON); on anything else the walk
/// stops and finds nothing.
public enum JSONMembers {
    /// Calls `body` with each member's key (its raw bytes between the quotes) and value range.
    ///
    /// - Complexity: O(length of the object).
    public static func forEach(
        in bytes: UnsafeRawBufferPointer, object range: Range<Int>, _ body: (UnsafeRawBufferPointer, Range<Int>) -> Bool
    ) {
        var i = range.lowerBound
        let end = range.upperBound
        func space() {
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }
        space()
        guard i < end, bytes[i] == UInt8(ascii: "{") else { return }
        i += 1
        while true {
            space()
            guard i < end, bytes[i] == UInt8(ascii: "\"") else { return }
            let keyStart = i + 1
            guard let keyEnd = skipString(bytes, from: i, end: end) else { return }
            i = keyEnd
            space()
            guard i < end, bytes[i] == UInt8(ascii: ":") else { return }
            i += 1
            space()
            let valueStart = i
            guard let valueEnd = skipValue(bytes, from: i, end: end) else { return }
            i = valueEnd
            let key = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<(keyEnd - 1)])
            if !body(key, valueStart..<valueEnd) { return }
            space()
            guard i < end, bytes[i] == UInt8(ascii: ",") else { return }
            i += 1
        }
    }

    /// The value range of member `key` of the object in `range`.
    public static func value(of key: String, in bytes: UnsafeRawBufferPointer, object range: Range<Int>) -> Range<Int>?
    {
        var found: Range<Int>?
        let wanted = Array(key.utf8)
        forEach(in: bytes, object: range) { name, value in
            if name.elementsEqual(wanted) {
                found = value
                return false
            }
            return true
        }
        return found
    }

    /// The index just past the string starting at `i` (a quote).
    static func skipString(_ bytes: UnsafeRawBufferPointer, from start: Int, end: Int) -> Int? {
        var i = start + 1
        while i < end {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// The index just past the value starting at `i`.
    static func skipValue(_ bytes: UnsafeRawBufferPointer, from start: Int, end: Int) -> Int? {
        guard start < end else { return nil }
        var i = start
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return skipString(bytes, from: i, end: end)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < end {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard let next = skipString(bytes, from: i, end: end) else { return nil }
                    i = next
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return nil
        default:
            while i < end {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return i
                default: i += 1
                }
            }
            return i
        }
    }

    /// The number at `range` (a JSON number's bytes), or `nil` for any other value: the correctly
    /// rounded value, by `FastDecimal` where it applies (most canonical numbers), else by
    /// `Double(_: String)`.
    public static func number(in bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Double? {
        guard let first = range.first.map({ bytes[$0] }),
            first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return nil }
        let token = UnsafeRawBufferPointer(rebasing: bytes[range])
        return FastDecimal.double(token) ?? Double(String(decoding: token, as: UTF8.self))
    }
}
