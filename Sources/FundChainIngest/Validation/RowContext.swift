import FundChainCore

/// Reads the fields of one CSV row through a `Header`, producing `RowReject`s that name the line
/// and field. Account-number columns are masked in the raw text kept for rejects.
struct RowContext: ~Copyable {
    let row: CSVRow
    let header: Header
    let names: [String]
    let maskedColumns: Set<Int>

    init(_ row: borrowing CSVRow, header: Header, names: [String], maskedColumns: Set<Int> = []) {
        self.row = copy row
        self.header = header
        self.names = names
        self.maskedColumns = maskedColumns
    }

    /// The row as read, with account numbers masked.
    var maskedRaw: String {
        (0..<row.count).map { i in
            let value = row.string(i)
            let text = maskedColumns.contains(i) && !value.isEmpty ? AccountNumber.mask(value) : value
            return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replacingAll("\"", with: "\"\"") + "\"" : text
        }.joined(separator: ",")
    }

    func reject(_ column: Int, _ reason: RejectReason, _ message: String) -> RowReject {
        RowReject(line: row.line, field: names[column], reason: reason, message: message, raw: maskedRaw)
    }

    /// The checks of the row as a whole, before any field is read: the field count, then
    /// control characters in any field (`checkControlCharacters`).
    func checkRow() -> RowReject? {
        guard row.count == header.fieldCount else {
            return RowReject(
                line: row.line, field: "*", reason: .wrongFieldCount,
                message: "expected \(header.fieldCount) fields, found \(row.count)", raw: maskedRaw)
        }
        return checkControlCharacters()
    }

    /// A reject `invalid_text` when any field, used or ignored, holds a control character: NUL,
    /// U+0001–U+001F other than tab, CR and LF (which a quoted field may hold), DEL or a C1
    /// control (U+0080–U+009F, bytes C2 80–C2 9F). The stored raw text shows it escaped.
    ///
    /// - Complexity: O(bytes of the row), one pass.
    func checkControlCharacters() -> RowReject? {
        let bad: Int? = row.bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                let c = b[i]
                if c < 0x20 {
                    if c != 0x09 && c != 0x0A && c != 0x0D { return i }
                } else if c == 0x7F || (c == 0xC2 && i + 1 < b.count && b[i + 1] >= 0x80 && b[i + 1] <= 0x9F) {
                    return i
                }
            }
            return nil
        }
        guard let bad else { return nil }
        let index = row.ends.firstIndex { $0 > bad } ?? row.count - 1
        let column = header.indices.firstIndex { $0 == index }
        let name = column.map { names[$0] } ?? "column \(index + 1)"
        let start = index == 0 ? 0 : row.ends[index - 1]
        let character = RejectText.escaped(
            String(decoding: row.bytes[bad..<min(bad + 2, row.bytes.count)], as: UTF8.self)
        ).prefix(6)
        return RowReject(
            line: row.line, field: name, reason: .invalidText,
            message: "\(name) holds the control character \(character) at byte \(bad - start + 1)", raw: maskedRaw)
    }

    /// The trimmed text of column `column`, `nil` when absent or empty.
    func optional(_ column: Int, maxLength: Int = 500) throws(RowReject) -> String? {
        guard let index = header.indices[column] else { return nil }
        let bytes = row.field(index)
        guard !bytes.isEmpty else { return nil }
        guard let text = Self.text(bytes) else {
            throw reject(column, .invalidText, "\(names[column]) is not valid UTF-8 text")
        }
        let trimmed =
            bytes.first == 0x20 || bytes.last == 0x20 || bytes.first == 0x09 || bytes.last == 0x09
            ? text.trimmingWhitespace() : text
        guard !trimmed.isEmpty else { return nil }
        // Bytes bound characters from above: count characters only when the bytes exceed the limit.
        guard trimmed.utf8.count <= maxLength || trimmed.count <= maxLength else {
            throw reject(column, .tooLong, "\(names[column]) is longer than \(maxLength) characters")
        }
        return trimmed
    }

    /// The field as text, `nil` when it is not UTF-8 or holds a NUL byte. ASCII (most fields)
    /// skips the generic validating initializer, which dominated the per-field cost.
    static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var high: UInt8 = 0
            for b in buffer {
                if b == 0 { return nil }
                high |= b
            }
            return high < 0x80 ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
        }
    }

    func required(_ column: Int, maxLength: Int = 500) throws(RowReject) -> String {
        guard let value = try optional(column, maxLength: maxLength) else {
            throw reject(column, .missingValue, "\(names[column]) is empty")
        }
        return value
    }

    /// A code of ASCII letters, digits and `allowedExtra`, 1…`maxLength` long.
    func code(_ column: Int, maxLength: Int, allowedExtra: Set<Character> = []) throws(RowReject) -> String {
        let value = try required(column, maxLength: maxLength)
        let isCode = value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        guard isCode || value.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || allowedExtra.contains($0) })
        else {
            throw reject(column, .invalidCode, "\(names[column]) has characters other than letters and digits")
        }
        return value
    }

    func date(_ column: Int) throws(RowReject) -> CalendarDate {
        let value = try required(column)
        do {
            return try CalendarDate(parsing: value)
        } catch {
            throw reject(column, .invalidDate, "\(names[column]) '\(value)' is not a date (YYYY-MM-DD)")
        }
    }

    func uscc(_ column: Int) throws(RowReject) -> USCC {
        let value = try required(column)
        do {
            return try USCC(value)
        } catch {
            throw reject(column, .invalidUSCC, "\(names[column]) '\(value)': \(error)")
        }
    }

    /// A valid USCC of a covered firm (one of `known`), else `invalid_uscc` or `unknown_firm`.
    func knownFirm(_ column: Int, in known: Set<String>) throws(RowReject) -> USCC {
        let firm = try self.uscc(column)
        guard known.contains(firm.code) else {
            throw reject(column, .unknownFirm, "firm \(firm) is not in firms (load firms first)")
        }
        return firm
    }

    func flag(_ column: Int) throws(RowReject) -> Bool {
        switch try optional(column)?.lowercased() {
        case nil, "0", "false", "f", "n", "no": return false
        case "1", "true", "t", "y", "yes": return true
        case let other?: throw reject(column, .invalidFlag, "\(names[column]) '\(other)' is not 0/1/true/false")
        }
    }

    func currency(_ column: Int) throws(RowReject) -> Currency {
        guard let value = try optional(column) else { return .cny }
        do {
            return try value == "CNY" ? .cny : Currency(value.uppercased())
        } catch {
            throw reject(column, .invalidCurrency, "\(names[column]) '\(value)' is not an ISO 4217 code")
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
