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

    /// Writes one whole row through `CopyRow` in a single reservation of the buffer, for rows
    /// written by the million (ingest's statement entries): the per-call writes above check the
    /// capacity and the buffer's exclusive access on every byte run, which cost a fifth of
    /// ingest's client CPU. `maximumBytes` bounds the row (`CopyRow.bound`); writing past it traps.
    /// Returns the row's bytes in the buffer.
    ///
    /// - Complexity: O(bytes of the row).
    @discardableResult
    package mutating func row(maximumBytes: Int, _ body: (inout CopyRow) -> Void) -> Range<Int> {
        precondition(!columnOpen, "a row is open")
        let start = buffer.writerIndex
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: maximumBytes) { space in
            var row = CopyRow(space: UnsafeMutableRawBufferPointer(rebasing: space[0..<maximumBytes]))
            body(&row)
            row.end()
            return row.count
        }
        return start..<buffer.writerIndex
    }
}

/// One row in COPY text format written into space reserved for it (`CopyTextWriter.row`); the
/// same encoding as `CopyTextWriter`'s methods. Every write checks that it fits.
package struct CopyRow: ~Copyable {
    let space: UnsafeMutableRawBufferPointer
    private(set) var count = 0
    var columnOpen = false

    init(space: UnsafeMutableRawBufferPointer) { self.space = space }

    /// The most bytes a text column of `utf8Count` bytes takes (every byte escaped), with its
    /// separator; `nil` text takes 3.
    package static func bound(text utf8Count: Int?) -> Int { 1 + max(2 * (utf8Count ?? 0), 2) }
    /// The most bytes an integer column takes, with its separator.
    package static let integerBound = 21
    /// The most bytes a date column takes, with its separator (years 0…9999; others are not
    /// written here).
    package static let dateBound = 11

    mutating func byte(_ b: UInt8) {
        precondition(count < space.count, "COPY row longer than reserved")
        space[count] = b
        count += 1
    }

    mutating func separator() {
        if columnOpen { byte(UInt8(ascii: "\t")) }
        columnOpen = true
    }

    mutating func end() {
        byte(UInt8(ascii: "\n"))
        columnOpen = false
    }

    /// Text (backslash, tab, newline and carriage return escaped), `\N` for `nil`.
    package mutating func text(_ value: String?) {
        guard var value else {
            separator()
            byte(UInt8(ascii: "\\"))
            byte(UInt8(ascii: "N"))
            return
        }
        value.withUTF8 { utf8($0) }
    }

    /// UTF-8 bytes as text (backslash, tab, newline and carriage return escaped). The caller
    /// guarantees valid UTF-8 without NUL (PostgreSQL checks the encoding).
    package mutating func utf8(_ bytes: UnsafeBufferPointer<UInt8>) {
        separator()
        if !bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            precondition(count + bytes.count <= space.count, "COPY row longer than reserved")
            UnsafeMutableRawBufferPointer(rebasing: space[count..<count + bytes.count]).copyMemory(
                from: UnsafeRawBufferPointer(bytes))
            count += bytes.count
            return
        }
        for b in bytes {
            switch b {
            case 0x5C: byte(0x5C); byte(0x5C)
            case 0x09: byte(0x5C); byte(UInt8(ascii: "t"))
            case 0x0A: byte(0x5C); byte(UInt8(ascii: "n"))
            case 0x0D: byte(0x5C); byte(UInt8(ascii: "r"))
            default: byte(b)
            }
        }
    }

    /// A decimal integer.
    package mutating func integer(_ value: Int64) {
        separator()
        if value < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// YYYY-MM-DD; the year must be in 0…9999.
    package mutating func date(_ value: CalendarDate) {
        separator()
        precondition((0...9999).contains(value.year), "year out of range for CopyRow.date")
        digits(value.year, count: 4)
        byte(UInt8(ascii: "-"))
        digits(value.month, count: 2)
        byte(UInt8(ascii: "-"))
        digits(value.day, count: 2)
    }

    mutating func digits(_ value: Int, count digits: Int) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
