import FundChainCore

/// Where a control character was found in a camt.053 statement.
struct CamtInvalidText {
    var field: String
    var line: Int
    /// The character, escaped (`\u0000`).
    var character: String
}

/// A `FinInstnId`: a bank as a statement names it. Its code, in order of preference: the BIC
/// (`BIC`/`BICFI`), else the clearing-system member id (`ClrSysMmbId/MmbId`, e.g. a Chinese bank's
/// 12-digit CNAPS code, usually with `ClrSysId/Cd` `CNAPS`), else `Othr/Id`; each as written.
struct CamtInstitution {
    var bic: String?
    var member: String?
    var other: String?

    var code: String? { bic ?? member ?? other }

    /// Reads an element below `FinInstnId/` (`rest` is its path from there); others are ignored.
    mutating func set(_ rest: Substring, _ value: String) {
        switch rest {
        case "BIC", "BICFI": bic = value
        case "ClrSysMmbId/MmbId": member = value
        case "Othr/Id": other = value
        default: break
        }
    }
}

/// What a camt.053 `Stmt` has said so far.
struct CamtStatement {
    var index: Int
    var line: Int
    var id: String?
    var account: String?
    var currency: String?
    var servicer = CamtInstitution()
    var opening: CamtBalance?
    var closing: CamtBalance?
    var entries = 0
    var tally: StatementReconciliation?
    /// A control character in the statement's own elements (outside its entries).
    var invalidText: CamtInvalidText?

    init(index: Int, line: Int) {
        self.index = index
        self.line = line
    }

    mutating func set(_ key: String, _ value: String) {
        switch key {
        case "Id": id = value
        case "Acct/Id/IBAN", "Acct/Id/Othr/Id": account = value.replacingSpaces
        case "Acct/Ccy": currency = value
        case _ where key.hasPrefix(Self.servicerPrefix): servicer.set(key.dropFirst(Self.servicerPrefix.count), value)
        default: break
        }
    }

    static let servicerPrefix = "Acct/Svcr/FinInstnId/"

    mutating func add(_ balance: CamtBalance) {
        switch balance.code {
        case "OPBD", "PRCD": if opening == nil { opening = balance }
        case "CLBD": if closing == nil { closing = balance }
        default: break
        }
    }

    var identifier: String { id ?? "#\(index)" }

    mutating func reconciliation(file: String) -> StatementReconciliation {
        var r = tally ?? StatementReconciliation(statementID: identifier, account: account ?? "", line: line)
        r.statementID = identifier
        r.account = account ?? ""
        r.line = line
        r.opening = opening?.signed
        r.closing = closing?.signed
        r.currency = (opening?.currency ?? currency).flatMap { try? Currency($0) }
        if opening != nil && r.opening == nil || closing != nil && r.closing == nil { r.unreadable += 1 }
        return r
    }
}

/// A `Bal` element.
struct CamtBalance {
    var code: String?
    var amount: String?
    var currency: String?
    var direction: String?

    mutating func set(_ key: String, _ value: String, currency ccy: String?) {
        switch key {
        case "Tp/CdOrPrtry/Cd": code = value
        case "Amt":
            amount = value
            currency = ccy
        case "CdtDbtInd": direction = value
        default: break
        }
    }

    /// The balance, negative for a debit balance; `nil` when unreadable.
    var signed: Money? {
        guard let amount, let money = try? Money(parsing: amount) else { return nil }
        switch direction {
        case "CRDT": return money
        case "DBIT": return Money(fen: -money.fen)
        default: return nil
        }
    }
}

/// A `TxDtls` element of an entry.
struct CamtDetail {
    var line: Int
    var bankReference: String?
    var endToEndID: String?
    var amount: String?
    var currency: String?
    var direction: String?
    var debtorName: String?, debtorAccount: String?, debtorAgent = CamtInstitution()
    var creditorName: String?, creditorAccount: String?, creditorAgent = CamtInstitution()
    var unstructured: [String] = []
    var structuredReference: String?
    var additionalInfo: String?

    init(line: Int) { self.line = line }

    mutating func set(_ key: String, _ value: String, currency ccy: String?) {
        switch key {
        case "Refs/AcctSvcrRef": bankReference = value
        case "Refs/EndToEndId": endToEndID = value == "NOTPROVIDED" ? nil : value
        case "Amt":
            amount = value
            currency = ccy
        case "AmtDtls/TxAmt/Amt":
            if amount == nil {
                amount = value
                currency = ccy
            }
        case "CdtDbtInd": direction = value
        case "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm": debtorName = value
        case "RltdPties/DbtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/Othr/Id": debtorAccount = value.replacingSpaces
        case _ where key.hasPrefix("RltdAgts/DbtrAgt/FinInstnId/"):
            debtorAgent.set(key.dropFirst("RltdAgts/DbtrAgt/FinInstnId/".count), value)
        case "RltdPties/Cdtr/Nm", "RltdPties/Cdtr/Pty/Nm": creditorName = value
        case "RltdPties/CdtrAcct/Id/IBAN", "RltdPties/CdtrAcct/Id/Othr/Id": creditorAccount = value.replacingSpaces
        case _ where key.hasPrefix("RltdAgts/CdtrAgt/FinInstnId/"):
            creditorAgent.set(key.dropFirst("RltdAgts/CdtrAgt/FinInstnId/".count), value)
        case "RmtInf/Ustrd": unstructured.append(value)
        case "RmtInf/Strd/CdtrRefInf/Ref": structuredReference = structuredReference ?? value
        case "AddtlTxInf": additionalInfo = value
        default: break
        }
    }

    var purpose: String? {
        unstructured.isEmpty ? structuredReference ?? additionalInfo : unstructured.joined(separator: " ")
    }
}

/// An `Ntry` element.
struct CamtEntry {
    var index: Int
    var line: Int
    var amount: String?
    var currency: String?
    var direction: String?
    var reversal = false
    var status: String?
    var bookingDate: String?
    var valueDate: String?
    var bankReference: String?
    var additionalInfo: String?
    var details: [CamtDetail] = []
    /// The first control character found in the entry's elements.
    var invalidText: CamtInvalidText?

    init(index: Int, line: Int) {
        self.index = index
        self.line = line
    }

    mutating func set(_ key: String, _ value: String, currency ccy: String?) {
        switch key {
        case "Amt":
            amount = value
            currency = ccy
        case "CdtDbtInd": direction = value
        case "RvslInd": reversal = value == "true" || value == "1"
        case "Sts", "Sts/Cd": status = value
        case "BookgDt/Dt", "BookgDt/DtTm": bookingDate = value
        case "ValDt/Dt", "ValDt/DtTm": valueDate = value
        case "AcctSvcrRef": bankReference = value
        case "AddtlNtryInf": additionalInfo = value
        default: break
        }
    }

    var raw: String {
        [
            "Ntry[\(index)]", "Amt=\(amount ?? "")", "Ccy=\(currency ?? "")", "CdtDbtInd=\(direction ?? "")",
            "BookgDt=\(bookingDate ?? "")", "AcctSvcrRef=\(bankReference ?? "")",
        ].joined(separator: " ")
    }
}

extension Camt053Parser {
    /// Turns a complete `Ntry` into lines (or a reject) and adds it to the statement's tally.
    mutating func finishEntry(_ body: (StatementEvent) -> Void) {
        guard var stmt = statement, let e = entry else { return }
        defer { statement = stmt }
        var tally =
            stmt.tally
            ?? StatementReconciliation(statementID: stmt.identifier, account: stmt.account ?? "", line: stmt.line)
        defer { stmt.tally = tally }
        let base = "/Document/BkToCstmrStmt/Stmt[\(stmt.index)]/Ntry[\(e.index)]"
        func reject(_ field: String, _ reason: RejectReason, _ message: String) {
            body(
                .reject(
                    RowReject(line: e.line, field: base + "/" + field, reason: reason, message: message, raw: e.raw)))
        }
        if let status = e.status, status != "BOOK" {
            tally.notBooked += 1
            return
        }
        let direction = Self.direction(e.direction)
        let parsedAmount = Self.amount(e.amount, currency: e.currency)
        if let invalid = e.invalidText ?? stmt.invalidText {
            // Counted in the balance when its amount can be read; rejected whatever the rest says.
            if let direction, case .success(let (amount, _)) = parsedAmount {
                tally.add(direction, amount)
            } else {
                tally.unreadable += 1
            }
            let field = invalid.field.hasPrefix(base) ? invalid.field : "\(base) (statement: \(invalid.field))"
            let message = "\(invalid.field) (line \(invalid.line)) holds the control character \(invalid.character)"
            return body(
                .reject(RowReject(line: e.line, field: field, reason: .invalidText, message: message, raw: e.raw)))
        }
        guard let direction else {
            tally.unreadable += 1
            return reject("CdtDbtInd", .invalidDirection, "CdtDbtInd '\(e.direction ?? "")' is not CRDT or DBIT")
        }
        let amount: Money, currency: Currency
        switch parsedAmount {
        case .success(let value): (amount, currency) = value
        case .failure(let failure):
            tally.unreadable += 1
            return reject("Amt", failure.reason, failure.message)
        }
        tally.add(direction, amount)
        guard e.status != nil else { return reject("Sts", .missingValue, "entry has no status (Sts)") }
        guard let booked = Self.date(e.bookingDate ?? e.valueDate) else {
            return reject(
                "BookgDt", e.bookingDate == nil ? .missingValue : .invalidDate,
                "booking date '\(e.bookingDate ?? "")' is not a date (YYYY-MM-DD)")
        }
        guard let account = stmt.account else {
            return reject(
                "../Acct/Id", .missingValue, "the statement has no account (Acct/Id/IBAN or Acct/Id/Othr/Id)")
        }
        var line = StatementLine(
            line: e.line, location: base, statementID: stmt.identifier, entryIndex: e.index, account: account,
            bookingDate: booked, direction: direction, amount: amount, currency: currency)
        line.bankCode = stmt.servicer.code.map(BankCode.normalized)
        line.valueDate = Self.date(e.valueDate)
        line.isReversal = e.reversal
        for (i, part) in split(e, direction: direction, amount: amount, currency: currency).enumerated() {
            var out = line
            if let (detail, detailDirection, detailAmount) = part {
                out.line = detail.line
                out.direction = detailDirection
                out.amount = detailAmount
                out.detailIndex = i + 1
                out.location = base + "/NtryDtls/TxDtls[\(i + 1)]"
                let refs = e.details.compactMap(\.bankReference), ends = e.details.compactMap(\.endToEndID)
                out.bankReference =
                    detail.bankReference.flatMap { refs.count == Set(refs).count ? $0 : nil }
                    ?? e.bankReference.map { "\($0)/\(i + 1)" }
                out.endToEndID = detail.endToEndID.flatMap { ends.count == Set(ends).count ? $0 : nil }
                Self.fill(&out, from: detail, entry: e)
            } else {
                out.bankReference = e.bankReference ?? (e.details.count == 1 ? e.details[0].bankReference : nil)
                out.endToEndID = e.details.count == 1 ? e.details[0].endToEndID : nil
                if e.details.count == 1 {
                    Self.fill(&out, from: e.details[0], entry: e)
                } else {
                    out.purpose = e.additionalInfo
                }
            }
            body(.entry(out))
        }
    }

    /// The details as (detail, direction, amount) when every detail has an amount in the entry's
    /// currency and they add up to the entry; else one `nil` (the entry stays whole).
    func split(_ e: CamtEntry, direction: Direction, amount: Money, currency: Currency) -> [(
        CamtDetail, Direction, Money
    )?] {
        guard e.details.count > 1 else { return [nil] }
        var parts: [(CamtDetail, Direction, Money)] = []
        var net: Int64 = 0
        for d in e.details {
            guard case .success(let (a, c)) = Self.amount(d.amount, currency: d.currency), c == currency,
                let dir = d.direction.map(Self.direction) ?? direction
            else { return [nil] }
            parts.append((d, dir, a))
            // Each detail is at most `Money.maximumEntry`; thousands of them could still leave Int64.
            let (sum, overflow) = net.addingReportingOverflow(dir == direction ? a.fen : -a.fen)
            guard !overflow else { return [nil] }
            net = sum
        }
        return net == amount.fen ? parts : [nil]
    }

    /// Counterparty (the debtor of a credit, the creditor of a debit) and purpose from a detail.
    static func fill(_ line: inout StatementLine, from d: CamtDetail, entry: CamtEntry) {
        let credit = line.direction == .credit
        line.counterpartyName = (credit ? d.debtorName : d.creditorName)?.truncated(200)
        line.counterpartyAccount = credit ? d.debtorAccount : d.creditorAccount
        line.counterpartyBank = (credit ? d.debtorAgent : d.creditorAgent).code.map(BankCode.normalized)
        line.purpose = (d.purpose ?? entry.additionalInfo)?.truncated(500)
    }

    static func direction(_ text: String?) -> Direction? {
        switch text {
        case "CRDT": .credit
        case "DBIT": .debit
        default: nil
        }
    }

    static func date(_ text: String?) -> CalendarDate? {
        guard let text, text.utf8.count >= 10 else { return nil }
        return try? CalendarDate(parsing: text.prefix(10))
    }

    /// A positive amount with at most the currency's decimals.
    static func amount(_ text: String?, currency: String?) -> Result<(Money, Currency), RowReject> {
        func fail(_ reason: RejectReason, _ message: String) -> Result<(Money, Currency), RowReject> {
            .failure(RowReject(line: 0, field: "", reason: reason, message: message, raw: ""))
        }
        guard let text else { return fail(.missingValue, "entry has no amount (Amt)") }
        guard let code = currency, let ccy = try? Currency(code) else {
            return fail(.invalidCurrency, "amount currency (Amt/@Ccy) '\(currency ?? "")' is not an ISO 4217 code")
        }
        return StatementAmount.parse(text, currency: ccy, separator: UInt8(ascii: ".")).map { ($0, ccy) }
    }
}

extension String {
    var replacingSpaces: String { utf8.contains(0x20) ? String(filter { $0 != " " }) : self }

    func truncated(_ n: Int) -> String { utf8.count <= n || count <= n ? self : String(prefix(n)) }
}
