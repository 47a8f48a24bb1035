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
            let sorted = members.sorted { Self.utf8Precedes($0.key, $1.key) }
            for (n, member) in sorted.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.value.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// UTF-8 byte order (= code point order), not `String`'s `<` (which compares by Unicode
    /// canonical equivalence).
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                let n = min(pa.count, pb.count)
                for i in 0..<n where pa[i] != pb[i] { return pa[i] < pb[i] }
                return pa.count < pb.count
            }
        }
        if let result = fast ?? nil { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                escape(b, into: &out)
                run = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        if done == nil {
            for b in s.utf8 {
                if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                    escape(b, into: &out)
                } else {
                    out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The escape of a byte that needs one (RFC 8785 §3.2.2.2).
    static func escape(_ b: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            let hex: StaticString = "0123456789abcdef"
            out.append(contentsOf: [
                UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 0xF)],
            ])
        }
    }
}
