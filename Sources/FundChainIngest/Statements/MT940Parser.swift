import FundChainCore

/// Streams a SWIFT MT940 (customer statement) file into `StatementEvent`s.
///
/// Reads `:20:` (statement reference), `:25:` (account, optionally `BANKCODE/ACCOUNT`),
/// `:28:`/`:28C:` (statement number), `:60F:`/`:60M:` (opening balance), `:61:` (entry),
/// `:86:` (information to account owner, see `MT940Field86`), `:62F:`/`:62M:` (closing balance).
/// `:13:`, `:13D:`, `:21:`, `:34F:`, `:64:`, `:65:`, `:90C:`, `:90D:` and Sberbank's `:NS:` are
/// accepted and ignored; any other tag is an error. SWIFT block headers (`{1:…}{2:…}{4:`),
/// bank preambles before the first tag and `-` / `-}` terminators are skipped.
///
/// - Complexity: O(n) in the bytes of the file; memory holds one entry at a time.
public struct MT940Parser: StatementParser {
    let file: String
    var partial: [UInt8] = []
    var lineNumber = 0
    /// The field being read: tag, first line, lines, bytes, and the first line that was not valid
    /// UTF-8 or held a control character (the entry it belongs to becomes an `invalid_text` reject).
    var field: (tag: String, line: Int, lines: [String], bytes: Int, problem: String?)?
    var statement: MT940Statement?
    var statementCount = 0
    var pendingCR = false

    public init(file: String) { self.file = file }

    static let ignoredTags: Set<String> = ["13", "13D", "21", "34F", "64", "65", "90C", "90D", "NS"]
    /// The longest line read, in bytes: longer fails the file, before more is held in memory.
    public static let maxLineBytes = 1 << 20
    /// The most lines one field (a tag and its continuation lines), or one entry (its `:61:` and
    /// every `:86:` after it), may have: SWIFT allows 6 lines for `:86:`, banks' dialects a few
    /// dozen. More fails the file, naming the line.
    public static let maxFieldLines = 100
    /// The most bytes one field, or one entry, may have (64 KiB).
    public static let maxFieldBytes = 64 << 10

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (StatementEvent) -> Void) throws(IngestError) {
        for b in chunk.bindMemory(to: UInt8.self) {
            if b == 0x0A {
                try endLine(body)
            } else {
                partial.append(b)
                if partial.count > Self.maxLineBytes {
                    throw IngestError(
                        .malformed, file: file, line: lineNumber + 1,
                        "a line is longer than \(Self.maxLineBytes) bytes (1 MiB)")
                }
            }
        }
    }

    public mutating func finish(_ body: (StatementEvent) -> Void) throws(IngestError) {
        if !partial.isEmpty { try endLine(body) }
        try closeField(body)
        closeStatement(body)
        if statementCount == 0 {
            throw IngestError(.empty, file: file, line: 1, field: ":20:", "the file holds no MT940 statement")
        }
    }

    mutating func endLine(_ body: (StatementEvent) -> Void) throws(IngestError) {
        lineNumber += 1
        if partial.last == 0x0D { partial.removeLast() }
        if lineNumber == 1, partial.starts(with: [0xEF, 0xBB, 0xBF]) { partial.removeFirst(3) }
        let valid = String(validating: partial, as: UTF8.self)
        // Invalid UTF-8 is kept readable (replacement characters) and marked, like a control character.
        let text = valid ?? String(decoding: partial, as: UTF8.self)
        var problem: String?
        if valid == nil {
            problem = "line \(lineNumber) is not valid UTF-8"
        } else if let bad = RejectText.firstControl(in: text, allowing: ["\t"]) {
            problem = "line \(lineNumber) holds the control character \(RejectText.escaped(String(Character(bad))))"
        }
        partial.removeAll(keepingCapacity: true)
        try line(text, problem: problem, body)
    }

    mutating func line(_ rawText: String, problem: String? = nil, _ body: (StatementEvent) -> Void) throws(IngestError)
    {
        var text = Substring(rawText)
        // SWIFT envelope: `{1:…}{2:…}{4:` opens, `-}` closes.
        if text.hasPrefix("{") {
            try closeField(body)
            if let r = text.range(of: "{4:") { text = text[r.upperBound...] } else { return }
            if text.isEmpty { return }
        }
        if text == "-" || text.hasPrefix("-}")
            || (text.hasPrefix("-") && text.count <= 4 && text.dropFirst().allSatisfy(\.isLetter))
        {
            try closeField(body)
            closeStatement(body)
            return
        }
        if let tag = Self.tag(of: text) {
            try closeField(body)
            field = (tag, lineNumber, [String(text.dropFirst(tag.count + 2))], text.utf8.count, problem)
            return
        }
        if String(text).trimmed.isEmpty { return }
        // A continuation line, or a bank's preamble outside a statement.
        guard field != nil else { return }
        field!.lines.append(String(text))
        field!.bytes += text.utf8.count
        if field!.problem == nil { field!.problem = problem }
        try checkSize(lines: field!.lines.count, bytes: field!.bytes, tag: field!.tag, from: field!.line)
    }

    /// Fails the file when a field or an entry has grown past `maxFieldLines` or `maxFieldBytes`.
    func checkSize(lines: Int, bytes: Int, tag: String, from start: Int) throws(IngestError) {
        guard lines > Self.maxFieldLines || bytes > Self.maxFieldBytes else { return }
        throw IngestError(
            .malformed, file: file, line: lineNumber, field: ":\(tag):",
            "the :\(tag): field from line \(start) has more than \(Self.maxFieldLines) lines or \(Self.maxFieldBytes) bytes"
        )
    }

    /// `20` for a line `:20:…`, `NS` for Sberbank's `:NS:`.
    static func tag(of text: Substring) -> String? {
        let b = Array(text.utf8.prefix(6))
        guard b.count >= 4, b[0] == UInt8(ascii: ":") else { return nil }
        if b[1] == UInt8(ascii: "N"), b[2] == UInt8(ascii: "S"), b[3] == UInt8(ascii: ":") { return "NS" }
        guard b[1] >= 0x30 && b[1] <= 0x39, b[2] >= 0x30 && b[2] <= 0x39 else { return nil }
        if b[3] == UInt8(ascii: ":") { return String(decoding: b[1...2], as: UTF8.self) }
        if b.count >= 5, b[3] >= 0x41 && b[3] <= 0x5A, b[4] == UInt8(ascii: ":") {
            return String(decoding: b[1...3], as: UTF8.self)
        }
        return nil
    }

    mutating func closeField(_ body: (StatementEvent) -> Void) throws(IngestError) {
        guard let (tag, line, lines, bytes, problem) = field else { return }
        field = nil
        let value = lines[0].trimmed
        if tag != "20" && statement == nil {
            // A file without :20: (some exports): the first tag opens the statement.
            openStatement(reference: "", line: line)
        }
        switch tag {
        case "20":
            closeStatement(body)
            openStatement(reference: value, line: line)
            statement!.problem = problem.map { (tag: ":20:", message: $0) }
        case "25":
            statement!.setAccount(value)
            if statement!.problem == nil { statement!.problem = problem.map { (tag: ":25:", message: $0) } }
        case "28", "28C":
            statement!.number = value
            if statement!.problem == nil { statement!.problem = problem.map { (tag: ":\(tag):", message: $0) } }
        case "60F", "60M", "60":
            statement!.flushEntry(body)
            statement!.opening = try balance(value, tag: tag, line: line)
        case "61":
            statement!.flushEntry(body)
            statement!.entry = MT940Entry(
                line: line, lines: lines, bytes: bytes, problem: problem.map { (tag: ":61:", message: $0) })
        case "86":
            // Information before any :61: (or after the last, about the statement) is not used.
            guard statement!.entry != nil else { break }
            statement!.entry!.information += lines
            statement!.entry!.bytes += bytes
            if statement!.entry!.problem == nil {
                statement!.entry!.problem = problem.map { (tag: ":86:", message: $0) }
            }
            let e = statement!.entry!
            try checkSize(lines: e.lines.count + e.information.count, bytes: e.bytes, tag: "61", from: e.line)
        case "62F", "62M", "62":
            statement!.flushEntry(body)
            statement!.closing = try balance(value, tag: tag, line: line)
        case let t where Self.ignoredTags.contains(t):
            break
        default:
            throw IngestError(.malformed, file: file, line: line, field: ":\(tag):", "unknown MT940 tag :\(tag):")
        }
    }

    mutating func openStatement(reference: String, line: Int) {
        statementCount += 1
        statement = MT940Statement(index: statementCount, reference: reference, line: line)
    }

    mutating func closeStatement(_ body: (StatementEvent) -> Void) {
        guard var s = statement else { return }
        s.flushEntry(body)
        body(.statement(s.reconciliation))
        statement = nil
    }

    /// `C110522EUR3236,28` → signed amount, currency, date.
    func balance(_ text: String, tag: String, line: Int) throws(IngestError) -> MT940Balance {
        let b = Array(text.utf8)
        guard b.count >= 11, b[0] == UInt8(ascii: "C") || b[0] == UInt8(ascii: "D"),
            let date = MT940Entry.date(b[1..<7]),
            let currency = try? Currency(String(decoding: b[7..<10], as: UTF8.self))
        else {
            throw IngestError(
                .malformed, file: file, line: line, field: ":\(tag):", "balance '\(text)' is not [C|D]YYMMDD CCY amount"
            )
        }
        let amountText = String(decoding: b[10...], as: UTF8.self)
        guard
            let money = try? Money(
                parsing: amountText, maxDecimals: min(currency.minorUnitDigits, 2),
                decimalSeparators: [UInt8(ascii: ",")])
        else {
            throw IngestError(
                .malformed, file: file, line: line, field: ":\(tag):",
                "balance amount '\(amountText)' is not a \(currency) amount")
        }
        return MT940Balance(
            amount: b[0] == UInt8(ascii: "D") ? Money(fen: -money.fen) : money, currency: currency, date: date)
    }
}

struct MT940Balance {
    var amount: Money
    var currency: Currency
    var date: CalendarDate
}
