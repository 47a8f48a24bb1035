import FundChainCore

/// One MT940 statement (`:20:` … `:62F:`) being read.
struct MT940Statement {
    var index: Int
    var reference: String
    var line: Int
    var account: String?
    var bank: String?
    var number: String?
    var opening: MT940Balance?
    var closing: MT940Balance?
    var entry: MT940Entry?
    var entries = 0
    /// The tag and first problem (invalid UTF-8, a control character) of the statement's own
    /// fields (`:20:`, `:25:`, `:28C:`): every entry of the statement is then rejected.
    var problem: (tag: String, message: String)?
    var tally: StatementReconciliation

    init(index: Int, reference: String, line: Int) {
        self.index = index
        self.reference = reference
        self.line = line
        tally = StatementReconciliation(statementID: reference, account: "", line: line)
    }

    /// `:25:` is the account, or `BANKCODE/ACCOUNT` (German BLZ or a BIC before the slash).
    /// Spaces and dots (`1291.99.348`) are dropped; a trailing ISO currency (Rabobank, ING) too.
    mutating func setAccount(_ text: String) {
        var value = text
        if let slash = value.firstIndex(of: "/") {
            let bank = value[..<slash]
            if !bank.isEmpty, bank.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                self.bank = BankCode.normalized(String(bank))
                value = String(value[value.index(after: slash)...])
            }
        }
        var account = String(value.filter { $0 != " " && $0 != "." })
        if account.count > 3, account.suffix(3).allSatisfy(\.isUppercase), account.dropLast(3).last?.isNumber == true {
            account.removeLast(3)
        }
        self.account = account
    }

    /// The statement's identifier: `:20:`, `:28C:` and the opening balance date.
    var identifier: String {
        [reference, number ?? "", opening?.date.description ?? ""].joined(separator: "/")
    }

    mutating func flushEntry(_ body: (StatementEvent) -> Void) {
        guard let e = entry else { return }
        entry = nil
        entries += 1
        let location = "statement \(index) (:20:\(reference)), :61: #\(entries)"
        let raw = ":61:" + e.lines.joined(separator: " ")
        func reject(_ field: String, _ reason: RejectReason, _ message: String) {
            body(.reject(RowReject(line: e.line, field: field, reason: reason, message: message, raw: raw)))
        }
        let parsed: MT940Entry.Parsed
        let result = e.parse(currency: opening?.currency)
        if let (tag, message) = e.problem ?? problem {
            // Counted in the balance when its amount can be read; rejected whatever the rest says.
            if case .success(let p) = result { tally.add(p.direction, p.amount) } else { tally.unreadable += 1 }
            return reject(tag, .invalidText, message)
        }
        switch result {
        case .success(let p): parsed = p
        case .failure(let failure):
            tally.unreadable += 1
            return reject(failure.field, failure.reason, failure.message)
        }
        tally.add(parsed.direction, parsed.amount)
        guard let account, !account.isEmpty else {
            return reject(":25:", .missingValue, "the statement has no account (:25:)")
        }
        var line = StatementLine(
            line: e.line, location: location, statementID: identifier, entryIndex: entries, account: account,
            bookingDate: parsed.bookingDate, direction: parsed.direction, amount: parsed.amount,
            currency: parsed.currency)
        line.bankCode = bank
        line.valueDate = parsed.valueDate
        line.isReversal = parsed.isReversal
        line.bankReference = parsed.bankReference
        line.customerReference = parsed.customerReference
        let info = MT940Field86(lines: e.information)
        line.endToEndID = info.endToEndID
        line.counterpartyAccount = info.counterpartyAccount
        line.counterpartyName = info.counterpartyName
        line.counterpartyBank = info.counterpartyBank.map(BankCode.normalized)
        line.purpose = info.purpose ?? parsed.supplementary
        body(.entry(line))
    }

    var reconciliation: StatementReconciliation {
        var r = tally
        r.statementID = identifier
        r.account = account ?? ""
        r.opening = opening?.amount
        r.closing = closing?.amount
        r.currency = opening?.currency
        return r
    }
}

/// A `:61:` statement line with its `:86:` lines.
struct MT940Entry {
    var line: Int
    var lines: [String]
    var information: [String] = []
    /// Bytes of `lines` and `information`, bounded by `MT940Parser.maxFieldBytes`.
    var bytes = 0
    /// The tag and first problem (invalid UTF-8, a control character) of its lines.
    var problem: (tag: String, message: String)?

    struct Parsed {
        var valueDate: CalendarDate
        var bookingDate: CalendarDate
        var direction: Direction
        var isReversal: Bool
        var amount: Money
        var currency: Currency
        var customerReference: String?
        var bankReference: String?
        var supplementary: String?
    }

    /// `YYMMDD[MMDD](D|C|RD|RC)[funds code]amount(type 4)(customer ref)[//bank ref][\nsupplementary]`.
    func parse(currency: Currency?) -> Result<Parsed, RowReject> {
        func fail(_ field: String, _ reason: RejectReason, _ message: String) -> Result<Parsed, RowReject> {
            .failure(RowReject(line: line, field: field, reason: reason, message: message, raw: ""))
        }
        let b = Array(lines[0].utf8)
        guard b.count >= 6, let valueDate = Self.date(b[0..<6]) else {
            return fail(
                ":61:/value date", .invalidDate,
                "value date '\(String(decoding: b.prefix(6), as: UTF8.self))' is not YYMMDD")
        }
        var i = 6
        var booking = valueDate
        if b.count >= 10, b[6...9].allSatisfy(Self.isDigit) {
            let month = Int(b[6] - 0x30) * 10 + Int(b[7] - 0x30), day = Int(b[8] - 0x30) * 10 + Int(b[9] - 0x30)
            var year = valueDate.year
            if month == 12 && valueDate.month == 1 { year -= 1 }
            if month == 1 && valueDate.month == 12 { year += 1 }
            guard let d = CalendarDate(year: year, month: month, day: day) else {
                return fail(
                    ":61:/entry date", .invalidDate,
                    "entry date '\(String(decoding: b[6...9], as: UTF8.self))' is not MMDD")
            }
            booking = d
            i = 10
        }
        var reversal = false
        if i < b.count, b[i] == UInt8(ascii: "R") {
            reversal = true
            i += 1
        }
        guard i < b.count, b[i] == UInt8(ascii: "D") || b[i] == UInt8(ascii: "C") else {
            return fail(":61:/mark", .invalidDirection, "debit/credit mark is not D, C, RD or RC")
        }
        // A reversed credit takes money out; a reversed debit brings it back.
        let direction: Direction = (b[i] == UInt8(ascii: "D")) != reversal ? .debit : .credit
        i += 1
        if i + 1 < b.count, b[i] >= 0x41 && b[i] <= 0x5A, Self.isDigit(b[i + 1]) || b[i + 1] == UInt8(ascii: ",") {
            i += 1
        }
        if i < b.count, b[i] == 0x20 { i += 1 }
        let amountStart = i
        while i < b.count, Self.isDigit(b[i]) || b[i] == UInt8(ascii: ",") { i += 1 }
        let amountText = String(decoding: b[amountStart..<i], as: UTF8.self)
        guard let currency else {
            return fail(
                ":60F:", .invalidCurrency,
                "no currency: the statement has no opening balance (:60F:) before its entries")
        }
        let amount: Money
        switch StatementAmount.parse(amountText, currency: currency, separator: UInt8(ascii: ",")) {
        case .success(let m): amount = m
        case .failure(let r): return fail(":61:/amount", r.reason, r.message)
        }
        // Transaction type: one letter and three characters (`NTRF`, `S   `).
        i = min(i + 4, b.count)
        let rest = String(decoding: b[i...], as: UTF8.self)
        var customer = Substring(rest), bank: Substring?
        if let r = rest.range(of: "//") {
            customer = rest[..<r.lowerBound]
            bank = rest[r.upperBound...]
        }
        func reference(_ s: Substring?, length: Int) -> String? {
            guard let t = s.map({ String($0.prefix(length)).trimmed }), !t.isEmpty, t != "NONREF" else { return nil }
            return t
        }
        let supplementary = lines.dropFirst().joined(separator: " ").trimmed
        return .success(
            Parsed(
                valueDate: valueDate, bookingDate: booking, direction: direction, isReversal: reversal, amount: amount,
                currency: currency, customerReference: reference(customer, length: 16),
                bankReference: reference(bank, length: 23),
                supplementary: supplementary.isEmpty ? nil : supplementary))
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `YYMMDD`: years 80–99 are 19xx, the others 20xx.
    static func date(_ b: ArraySlice<UInt8>) -> CalendarDate? {
        guard b.count == 6, b.allSatisfy(isDigit) else { return nil }
        let n = b.map { Int($0 - 0x30) }
        let yy = n[0] * 10 + n[1]
        return CalendarDate(year: yy >= 80 ? 1900 + yy : 2000 + yy, month: n[2] * 10 + n[3], day: n[4] * 10 + n[5])
    }
}
