import Foundation

/// Buffered machine output on stdout, CSV or JSON, written through `write(2)` in large blocks.
struct GraphOutputWriter {
    let format: GraphOutputFormat
    let columns: [String]
    var buffer: [UInt8] = []
    var rows = 0

    init(format: GraphOutputFormat, columns: [String]) {
        self.format = format
        self.columns = columns
        buffer.reserveCapacity(1 << 20)
        if format == .csv {
            append(columns.joined(separator: ","))
            buffer.append(0x0A)
        } else {
            buffer.append(UInt8(ascii: "["))
        }
    }

    /// A field value: text (quoted as needed) or a number (written as is).
    enum Value {
        case text(String)
        case number(String)
        case list([String])
    }

    mutating func row(_ values: Value...) {
        if format == .csv {
            for (i, v) in values.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                switch v {
                case .text(let s): appendCSV(s)
                case .number(let s): append(s)
                case .list(let items): appendCSV(items.joined(separator: ">"))
                }
            }
            buffer.append(0x0A)
        } else {
            append(rows == 0 ? "\n{" : ",\n{")
            for (i, v) in values.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                appendJSONString(columns[i])
                buffer.append(UInt8(ascii: ":"))
                switch v {
                case .text(let s): appendJSONString(s)
                case .number(let s): append(s)
                case .list(let items):
                    buffer.append(UInt8(ascii: "["))
                    for (k, item) in items.enumerated() {
                        if k > 0 { buffer.append(UInt8(ascii: ",")) }
                        appendJSONString(item)
                    }
                    buffer.append(UInt8(ascii: "]"))
                }
            }
            buffer.append(UInt8(ascii: "}"))
        }
        rows += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func append(_ s: String) { buffer.append(contentsOf: s.utf8) }

    mutating func appendCSV(_ s: String) {
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            buffer.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                if b == UInt8(ascii: "\"") { buffer.append(b) }
                buffer.append(b)
            }
            buffer.append(UInt8(ascii: "\""))
        } else {
            append(s)
        }
    }

    mutating func appendJSONString(_ s: String) {
        buffer.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                let hex = String(b, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: buffer.append(b)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    mutating func flush() {
        buffer.withUnsafeBytes { p in
            var offset = 0
            while offset < p.count {
                let n = Foundation.write(1, p.baseAddress! + offset, p.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes the JSON array and writes what is left.
    mutating func finish() {
        if format == .json { append(rows == 0 ? "]\n" : "\n]\n") }
        flush()
    }
}

extension Double {
    /// Shortest text that reads back as the same `Double`.
    var exactText: String { description }
}
