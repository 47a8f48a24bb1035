import FundChainCore

/// A statement entry row that passed validation, read without decoding its fields: the text
/// fields are byte ranges in the row (`CSVRow.bytes`), for a writer that copies them straight
/// out (ingest's COPY rows).
public struct EntryFields: Sendable {
    public var bankCode: Range<Int>
    public var accountNumber: Range<Int>
    public var txnRef: Range<Int>
    public var bookedOn: CalendarDate
    public var direction: Direction
    public var amount: Money
    public var currency: Currency
    public var counterpartyAccount: Range<Int>?
    public var counterpartyName: Range<Int>?
    public var counterpartyBank: Range<Int>?
    public var purpose: Range<Int>?
    /// The covered firm that owns the account.
    public var firm: USCC
    /// Its number in the directory (`AccountDirectory.Owner.number`).
    public var firmNumber: Int32
    /// 1-based line in the source file.
    public var line: Int
}

extension TransactionRowValidator {
    /// The common row — codes of ASCII letters and digits, a `YYYY-MM-DD` date, `D` or `C`, a
    /// plain decimal amount, CNY, text without surrounding blanks or control characters —
    /// checked on its bytes, with the same outcome `validate` would give it, without making a
    /// string of each field; `nil` for any other row, which `validate` then decides (accepts in
    /// another spelling, or rejects with its reason). Making strings of every field, and the
    /// entry of them, was about half of ingest's client CPU per row.
    ///
    /// - Complexity: O(bytes of the row).
    public func validateBytes(_ row: borrowing CSVRow) -> EntryFields? {
        guard row.count == header.fieldCount else { return nil }
        let ends = row.ends
        let indices = header.indices
        let line = row.line
        return row.bytes.withUnsafeBufferPointer { b -> EntryFields? in
            // Any control character, in any field (also ignored ones), or the lead byte of a C1
            // control (C2 80–C2 9F): `validate` names it.
            for c in b where c < 0x20 || c == 0x7F || c == 0xC2 { return nil }
            func field(_ column: Column) -> Range<Int>? {
                guard let i = indices[column.rawValue] else { return nil }
                return (i == 0 ? 0 : ends[i - 1])..<ends[i]
            }
            /// A required code: 1…`maxLength` ASCII letters and digits.
            func code(_ column: Column, maxLength: Int) -> Range<Int>? {
                guard let r = field(column), !r.isEmpty, r.count <= maxLength else { return nil }
                for i in r {
                    let c = b[i] | 0x20  // lower-cases letters; digits stay digits
                    guard (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) else { return nil }
                }
                return r
            }
            /// Optional text: `.some(nil)` when absent or empty; `nil` (undecided) when it has
            /// surrounding blanks, more than `maxLength` bytes or is not UTF-8.
            func text(_ column: Column, maxLength: Int) -> Range<Int>?? {
                guard let r = field(column), !r.isEmpty else { return .some(nil) }
                guard r.count <= maxLength, b[r.lowerBound] != 0x20, b[r.upperBound - 1] != 0x20 else { return nil }
                var high: UInt8 = 0
                for i in r { high |= b[i] }
                if high >= 0x80 && !Self.isUTF8(UnsafeBufferPointer(rebasing: b[r])) { return nil }
                return .some(r)
            }
            guard let bank = code(.bankCode, maxLength: 16), let number = code(.accountNo, maxLength: 34),
                let refText = text(.txnRef, maxLength: 64), let ref = refText,
                let bookedOn = Self.date(b, field(.bookedAt)), let direction = Self.direction(b, field(.direction)),
                let amount = Self.amount(b, field(.amount))
            else { return nil }
            // CNY, spelled out or by default; any other currency goes through `validate`.
            if let r = field(.currency), !r.isEmpty {
                guard r.count == 3, b[r.lowerBound] == 0x43, b[r.lowerBound + 1] == 0x4E, b[r.lowerBound + 2] == 0x59
                else { return nil }
            }
            guard let counterpartyAccount = text(.counterpartyAccount, maxLength: 34),
                let counterpartyName = text(.counterpartyName, maxLength: 200),
                let counterpartyBank = text(.counterpartyBank, maxLength: 16),
                let purpose = text(.purpose, maxLength: 500),
                let owner = directory.owner(
                    bank: UnsafeBufferPointer(rebasing: b[bank]), number: UnsafeBufferPointer(rebasing: b[number])),
                owner.currency == .cny
            else { return nil }
            return EntryFields(
                bankCode: bank, accountNumber: number, txnRef: ref, bookedOn: bookedOn, direction: direction,
                amount: amount, currency: .cny, counterpartyAccount: counterpartyAccount,
                counterpartyName: counterpartyName, counterpartyBank: counterpartyBank, purpose: purpose,
                firm: owner.firm, firmNumber: owner.number, line: line)
        }
    }

    /// Valid UTF-8 (what `String(validating:)` accepts), without making a string.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var input = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Exactly `YYYY-MM-DD`, a real day.
    static func date(_ b: UnsafeBufferPointer<UInt8>, _ field: Range<Int>?) -> CalendarDate? {
        guard let r = field, r.count == 10, b[r.lowerBound + 4] == 0x2D, b[r.lowerBound + 7] == 0x2D else {
            return nil
        }
        func number(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in (r.lowerBound + from)..<(r.lowerBound + from + count) {
                let d = b[i] &- 0x30
                guard d <= 9 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `D`, `d`, `C` or `c`.
    static func direction(_ b: UnsafeBufferPointer<UInt8>, _ field: Range<Int>?) -> Direction? {
        guard let r = field, r.count == 1 else { return nil }
        switch b[r.lowerBound] {
        case 0x44, 0x64: return .debit
        case 0x43, 0x63: return .credit
        default: return nil
        }
    }

    /// 1–15 digits, optionally a point and 1–2 digits (yuan and fen), positive and at most
    /// `Money.maximumEntry`: what `Money(parsing:maxDecimals: 2)` reads the same way.
    static func amount(_ b: UnsafeBufferPointer<UInt8>, _ field: Range<Int>?) -> Money? {
        guard let r = field, !r.isEmpty else { return nil }
        var units: Int64 = 0
        var integerDigits = 0
        var i = r.lowerBound
        while i < r.upperBound, b[i] &- 0x30 <= 9 {
            units = units * 10 + Int64(b[i] - 0x30)
            integerDigits += 1
            i += 1
        }
        guard integerDigits >= 1, integerDigits <= 15 else { return nil }
        var places = 0
        if i < r.upperBound {
            guard b[i] == 0x2E else { return nil }
            i += 1
            while i < r.upperBound, b[i] &- 0x30 <= 9, places < 2 {
                units = units * 10 + Int64(b[i] - 0x30)
                places += 1
                i += 1
            }
            guard places >= 1, i == r.upperBound else { return nil }
        }
        for _ in places..<2 { units *= 10 }
        let money = Money(fen: units)
        guard units > 0, money <= Money.maximumEntry else { return nil }
        return money
    }
}
