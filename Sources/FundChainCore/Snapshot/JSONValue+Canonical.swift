/// The canonical form of a `JSONValue`: the bytes a snapshot hash covers (docs/snapshots.md).
///
/// - Object members sorted by the UTF-8 bytes of their keys (which is also Unicode code point
///   order; RFC 8785 sorts by UTF-16 code units instead, which differs only for keys with
///   characters beyond U+FFFF next to ones in U+E000…U+FFFF).
/// - No whitespace outside strings.
/// - Strings as RFC 8785 §3.2.2.2: `"` and `\` escaped, U+0008/9/A/C/D as `\b \t \n \f \r`, other
///   controls below U+0020 as `\u00xx` (lowercase hex), everything else as raw UTF-8.
/// - `.int` as a plain decimal integer (exact for the whole Int64 range).
/// - `.double` as ECMAScript's Number.prototype.toString (RFC 8785 §3.2.2.3): the shortest digits
///   that round-trip; integers below 10^21 without exponent (`2.0` → `2`, `-0.0` → `0`);
///   `1e-7`, `1.5e+21` beyond. NaN and ±infinity are a precondition failure (build values with
///   `JSONValue.number(_:)`, which maps them to null).
extension JSONValue {
    /// The canonical UTF-8 bytes.
    /// - Complexity: O(n log n) in the size of the value (sorting object keys).
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writeCanonical(into: &out)
        return out
    }

    /// Appends the canonical bytes to `out`.
    public func writeCanonical(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): JSONNumberFormat.write(d, into: &out)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (n, element) in elements.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                element.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (n, key) in keys.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
