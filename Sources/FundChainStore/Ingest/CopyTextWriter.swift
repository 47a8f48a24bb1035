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

    package mutating func text(_ value: String?) {
        separator()
        guard let value else {
            buffer.writeStaticString("\\N")
            return
        }
        var needsEscape = false
        for b in value.utf8 where b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D {
            needsEscape = true
            break
        }
        guard needsEscape else {
            buffer.writeString(value)
            return
        }
        for b in value.utf8 {
            switch b {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(b)
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

    package mutating func date(_ value: CalendarDate) {
        separator()
        buffer.writeString(value.description)
    }

    package mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        columnOpen = false
    }
}
