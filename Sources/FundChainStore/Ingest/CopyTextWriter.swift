import FundChainCore
import NIOCore

/// Encodes rows in PostgreSQL's COPY text format into a `ByteBuffer`: tab-separated, `\N` for
/// NULL, backslash escapes for backslash, tab, newline and carriage return. `package` so the
/// benchmarks can write the same format.
package struct CopyTextWriter {
    package var buffer: ByteBuffer
    var columnOpen = false

    package init(capacity: Int = 1 << 20) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    package mutating func separator() {
        if columnOpen { buffer.writeInteger(UInt8(ascii: "\t")) }
        columnOpen = true
    }

    /// - Complexity: O(bytes); one copy of the bytes when nothing needs escaping (the usual case).
    package mutating func text(_ value: String?) {
        separator()
        guard var value else {
            buffer.writeStaticString("\\N")
            return
        }
        value.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                buffer.writeBytes(bytes)
                return
            }
            for b in bytes {
                switch b {
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                default: buffer.writeInteger(b)
                }
            }
        }
    }

    /// Raw UTF-8 bytes as a text column (backslash, tab, newline and carriage return escaped).
    /// The caller guarantees valid UTF-8 without NUL (PostgreSQL checks the encoding).
    /// - Complexity: O(n); copies runs between escapes in bulk.
    package mutating func utf8(_ bytes: [UInt8]) {
        separator()
        var runStart = 0
        bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                let escaped: StaticString
                switch b[i] {
                case 0x5C: escaped = "\\\\"
                case 0x09: escaped = "\\t"
                case 0x0A: escaped = "\\n"
                case 0x0D: escaped = "\\r"
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(b)[runStart..<i]))
                buffer.writeStaticString(escaped)
                runStart = i + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(b)[runStart..<b.count]))
        }
    }

    /// A finite double in its shortest round-trip form, which PostgreSQL reads back exactly.
    package mutating func double(_ value: Double) {
        separator()
        buffer.writeString(value.description)
    }

    package mutating func integer(_ value: some BinaryInteger) {
        separator()
        buffer.writeString(String(value))
    }

    package mutating func bool(_ value: Bool) {
        separator()
        buffer.writeInteger(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// YYYY-MM-DD, written digit by digit (`CalendarDate.description` builds several strings).
    package mutating func date(_ value: CalendarDate) {
        separator()
        guard (0...9999).contains(value.year) else {
            buffer.writeString(value.description)
            return
        }
        digits(value.year, count: 4)
        buffer.writeInteger(UInt8(ascii: "-"))
        digits(value.month, count: 2)
        buffer.writeInteger(UInt8(ascii: "-"))
        digits(value.day, count: 2)
    }

    /// The last `count` decimal digits of `value` (non-negative), zero-padded.
    mutating func digits(_ value: Int, count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    package mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        columnOpen = false
    }
}
