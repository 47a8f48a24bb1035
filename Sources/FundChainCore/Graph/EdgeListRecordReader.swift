/// The fields of one CSV record found by `RecordReader`: up to four located fields and a count.
struct FieldSet {
    var count = 0
    var line = 0
    /// Start and end offsets of fields 0...3, in the input or (when `inScratch`) in the scratch buffer.
    var starts: (Int, Int, Int, Int) = (0, 0, 0, 0)
    var ends: (Int, Int, Int, Int) = (0, 0, 0, 0)
    var inScratch: (Bool, Bool, Bool, Bool) = (false, false, false, false)
    var anyQuoted = false

    /// A record with a single empty unquoted field: a blank line.
    var isBlank: Bool { count == 1 && !anyQuoted && ends.0 == starts.0 }

    mutating func set(_ i: Int, start: Int, end: Int, scratch: Bool) {
        switch i {
        case 0: (starts.0, ends.0, inScratch.0) = (start, end, scratch)
        case 1: (starts.1, ends.1, inScratch.1) = (start, end, scratch)
        case 2: (starts.2, ends.2, inScratch.2) = (start, end, scratch)
        case 3: (starts.3, ends.3, inScratch.3) = (start, end, scratch)
        default: break
        }
    }

    func get(_ i: Int) -> (Int, Int, Bool) {
        switch i {
        case 0: (starts.0, ends.0, inScratch.0)
        case 1: (starts.1, ends.1, inScratch.1)
        case 2: (starts.2, ends.2, inScratch.2)
        default: (starts.3, ends.3, inScratch.3)
        }
    }
}

/// A minimal RFC 4180 record scanner over a byte buffer, for edge lists.
///
/// Unquoted fields are returned as slices of the input (no copy); quoted fields are unescaped
/// into a scratch buffer reused per record. Tracks physical line numbers for error messages.
///
/// A class only to own the scratch buffer (freed in `deinit`); used by one parse on one thread.
///
/// - Complexity: O(bytes), one pass.
final class RecordReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    /// The physical line the next record starts on.
    var line = 1
    /// Unescaped quoted fields of the current record; grown (moved) only while a record is read,
    /// so pointers handed out by `field` stay valid until the next call to `next`.
    var scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
    var scratchCount = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    deinit { scratch.deallocate() }

    func append(_ b: UInt8) {
        if scratchCount == scratch.count {
            let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: scratch.count * 2)
            _ = bigger.initialize(from: scratch)
            scratch.deallocate()
            scratch = bigger
        }
        scratch[scratchCount] = b
        scratchCount += 1
    }

    /// Reads the next record into `fields`; `false` at the end of the input.
    func next(_ fields: inout FieldSet) throws(GraphError) -> Bool {
        let n = bytes.count
        var pos = self.pos, line = self.line
        defer {
            self.pos = pos
            self.line = line
        }
        guard pos < n else { return false }
        let comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), quote = UInt8(ascii: "\"")
        fields.count = 0
        fields.line = line
        fields.anyQuoted = false
        scratchCount = 0
        while true {
            if pos < n, bytes[pos] == quote {
                fields.anyQuoted = true
                pos += 1
                let start = scratchCount
                while true {
                    guard pos < n else {
                        throw GraphError(.badRow, line: fields.line, "unterminated quoted field")
                    }
                    let b = bytes[pos]
                    if b == quote {
                        if pos + 1 < n, bytes[pos + 1] == quote {
                            append(quote)
                            pos += 2
                            continue
                        }
                        pos += 1
                        break
                    }
                    if b == lf { line += 1 }
                    append(b)
                    pos += 1
                }
                guard pos >= n || bytes[pos] == comma || bytes[pos] == lf || bytes[pos] == cr else {
                    throw GraphError(.badRow, line: line, "unexpected character after a closing quote")
                }
                fields.set(fields.count, start: start, end: scratchCount, scratch: true)
            } else {
                let start = pos
                while pos < n {
                    let b = bytes[pos]
                    if b == comma || b == lf || b == cr { break }
                    pos += 1
                }
                fields.set(fields.count, start: start, end: pos, scratch: false)
            }
            fields.count += 1
            if pos < n, bytes[pos] == comma {
                pos += 1
                continue
            }
            break
        }
        if pos < n, bytes[pos] == cr { pos += 1 }
        if pos < n, bytes[pos] == lf { pos += 1 }
        line += 1
        return true
    }

    /// The bytes of field `i` of `fields` (valid until the next call to `next`).
    func field(_ fields: FieldSet, _ i: Int) -> UnsafeBufferPointer<UInt8> {
        let (start, end, inScratch) = fields.get(i)
        if inScratch {
            return UnsafeBufferPointer(rebasing: scratch[start..<end])
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
