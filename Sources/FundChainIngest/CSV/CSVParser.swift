/// A push-based RFC 4180 CSV parser: feed it chunks of any size, it calls back once per record.
///
/// Handles a UTF-8 byte-order mark, quoted fields with doubled quotes, separators and line breaks
/// inside quotes, and LF or CRLF line ends. Memory is bounded by `maxRecordBytes` (a longer
/// record, or a field, is an error naming its first line, raised before more than one chunk past
/// the limit is held), whatever the size of the input.
///
/// - Complexity: O(n) in the bytes fed; one pass, no backtracking.
public struct CSVParser: Sendable {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    enum State: Sendable { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The longest record (and so the longest field) accepted, in bytes as written: 1 MiB. A
    /// record this long is a quote left open or not a CSV file, so the whole file fails.
    public static let maxRecordBytes = 1 << 20

    let separator: UInt8
    var state: State = .fieldStart
    var row = CSVRow()
    var line = 1
    var atStart = true
    var bomChecked = false
    var bomBuffer: [UInt8] = []
    /// Set after a CR so that a following LF belongs to the same line end.
    var pendingCR = false
    var rowHasData = false

    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
        row.line = 1
        row.separator = separator
    }

    /// Parses `chunk`, calling `body` for each complete record.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (borrowing CSVRow) throws -> Void) throws {
        let bytes = chunk.bindMemory(to: UInt8.self)
        if !bomChecked {
            // Hold back the first bytes until we know whether they are a UTF-8 byte-order mark.
            bomBuffer.append(contentsOf: bytes)
            guard bomBuffer.count >= 3 else { return }
            try flushBOMBuffer(body)
            return
        }
        try process(bytes, body)
    }

    mutating func flushBOMBuffer(_ body: (borrowing CSVRow) throws -> Void) throws {
        bomChecked = true
        let pending = bomBuffer
        bomBuffer = []
        let start = pending.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        try pending.withUnsafeBufferPointer { all in
            try process(UnsafeBufferPointer(rebasing: all[start...]), body)
        }
    }

    /// Runs of ordinary bytes (inside a field, up to the next separator, quote or line end) are
    /// copied in one append; only the structural bytes go through the state machine one by one.
    mutating func process(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (borrowing CSVRow) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let separator = self.separator
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            i += 1
            if pendingCR {
                pendingCR = false
                if b == lf { continue }
            }
            switch state {
            case .quoted:
                if b == quote {
                    state = .quoteInQuoted
                } else if b == lf || b == cr {
                    line += 1
                    if b == cr { pendingCR = true }
                    row.bytes.append(b)
                } else {
                    i = appendRun(bytes, from: i - 1, until: quote, lf, cr)
                    try checkLength()
                    continue
                }
                row.quotedRaw.append(b)
                continue
            case .quoteInQuoted:
                if b == quote {
                    row.bytes.append(quote)
                    row.quotedRaw.append(b)
                    state = .quoted
                    continue
                }
                guard b == separator || b == lf || b == cr else {
                    throw ParseError(line: row.line, message: "unexpected character after a closing quote")
                }
                state = .unquoted
            // Fall through to the separator or line-end handling of `b`.
            case .fieldStart:
                if b == quote {
                    if !row.isQuoted {
                        // From here on the record is kept as written: what was read so far, then this.
                        row.quotedRaw = row.raw
                        if !row.ends.isEmpty { row.quotedRaw.append(separator) }
                        row.isQuoted = true
                    }
                    state = .quoted
                    rowHasData = true
                    row.quotedRaw.append(b)
                    continue
                }
            case .unquoted:
                break
            }
            if b == separator {
                row.ends.append(row.bytes.count)
                if row.isQuoted { row.quotedRaw.append(b) }
                state = .fieldStart
                rowHasData = true
            } else if b == lf || b == cr {
                if b == cr { pendingCR = true }
                try endRecord(body)
                line += 1
                row.line = line
            } else {
                // In an unquoted field a quote is an ordinary byte.
                i = appendRun(bytes, from: i - 1, until: separator, lf, cr)
                try checkLength()
                state = .unquoted
                rowHasData = true
            }
        }
        try checkLength()
    }

    /// Fails when the record being read has grown past `maxRecordBytes`.
    @inline(__always)
    func checkLength() throws {
        guard row.rawCount > Self.maxRecordBytes else { return }
        throw ParseError(
            line: row.line,
            message:
                "a record is longer than \(Self.maxRecordBytes) bytes (1 MiB): a quote left open, or not a CSV file")
    }

    /// Appends the bytes from `start` up to the first `a`, `b` or `c` to the field (and to the
    /// record as written, once it is kept); returns the index of that byte (or the end).
    @inline(__always)
    mutating func appendRun(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, until a: UInt8, _ b: UInt8, _ c: UInt8
    ) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != a, bytes[end] != b, bytes[end] != c { end += 1 }
        let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
        row.bytes.append(contentsOf: run)
        if row.isQuoted { row.quotedRaw.append(contentsOf: run) }
        return end
    }

    mutating func endRecord(_ body: (borrowing CSVRow) throws -> Void) throws {
        if rowHasData || !row.bytes.isEmpty {
            row.ends.append(row.bytes.count)
            try body(row)
        }
        row.bytes.removeAll(keepingCapacity: true)
        row.ends.removeAll(keepingCapacity: true)
        row.quotedRaw.removeAll(keepingCapacity: true)
        row.isQuoted = false
        state = .fieldStart
        rowHasData = false
    }

    /// Flushes the last record when the input does not end with a line break.
    public mutating func finish(_ body: (borrowing CSVRow) throws -> Void) throws {
        if !bomChecked { try flushBOMBuffer(body) }
        if state == .quoted {
            throw ParseError(line: row.line, message: "unterminated quoted field")
        }
        try endRecord(body)
    }
}
