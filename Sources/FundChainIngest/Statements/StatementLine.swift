import FundChainCore

/// One booked movement as a bank statement (camt.053 or MT940) reports it, before it is matched
/// to a covered account: the statement-entry model of both formats.
///
/// A camt.053 batch entry whose details carry their own amounts becomes one line per detail
/// (`detailIndex` set); otherwise one line per entry.
public struct StatementLine: Sendable, Hashable {
    /// Line in the file where the entry (or detail) begins.
    public var line: Int
    /// Where in the file: an XPath for camt.053 (`/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]`), the
    /// statement and `:61:` ordinal for MT940.
    public var location: String
    /// The statement's own identifier (camt `Stmt/Id`; MT940 `:20:`, `:28C:` and opening date).
    public var statementID: String
    /// 1-based position of the entry in its statement.
    public var entryIndex: Int
    /// 1-based position of the detail in a split batch entry.
    public var detailIndex: Int?
    /// The statement's own account (IBAN or other identifier), as written.
    public var account: String
    /// The bank the statement names for its account (camt servicer BIC; MT940 `:25:` prefix).
    public var bankCode: String?
    public var bookingDate: CalendarDate
    public var valueDate: CalendarDate?
    public var direction: Direction
    /// Positive; the direction gives the sign.
    public var amount: Money
    public var currency: Currency
    /// A reversal (camt `RvslInd`, MT940 `RC`/`RD`); the direction already says which way it moved.
    public var isReversal = false
    /// The bank's own reference (camt `AcctSvcrRef`, MT940 `:61:` after `//`).
    public var bankReference: String?
    /// The end-to-end identification set by the payer (camt `EndToEndId`, MT940 `EREF+` / `/EREF/`).
    public var endToEndID: String?
    /// The account owner's reference (MT940 `:61:` reference for the account owner).
    public var customerReference: String?
    public var counterpartyAccount: String?
    public var counterpartyName: String?
    public var counterpartyBank: String?
    public var purpose: String?

    public init(
        line: Int, location: String, statementID: String, entryIndex: Int, account: String, bookingDate: CalendarDate,
        direction: Direction, amount: Money, currency: Currency
    ) {
        self.line = line
        self.location = location
        self.statementID = statementID
        self.entryIndex = entryIndex
        self.account = account
        self.bookingDate = bookingDate
        self.direction = direction
        self.amount = amount
        self.currency = currency
    }

    /// The line as read, for a reject's `raw` (account numbers masked).
    public var raw: String {
        var parts = [
            "\(statementID)#\(entryIndex)" + (detailIndex.map { ".\($0)" } ?? ""), bookingDate.description,
            direction.rawValue, amount.description, currency.code, AccountNumber.mask(account),
        ]
        if let bankReference { parts.append("ref=\(bankReference)") }
        if let endToEndID { parts.append("e2e=\(endToEndID)") }
        if let counterpartyAccount { parts.append("cp=\(AccountNumber.mask(counterpartyAccount))") }
        return parts.joined(separator: " ")
    }
}

/// What a statement parser reports, in file order.
public enum StatementEvent: Sendable {
    /// A booked entry (or detail), to be matched and loaded.
    case entry(StatementLine)
    /// An entry that cannot be read (bad amount, missing date, …), with line and field.
    case reject(RowReject)
    /// The end of a statement, with its balances checked against its entries.
    case statement(StatementReconciliation)
}

/// A streaming statement parser: fed chunks, it reports entries as soon as each is complete.
public protocol StatementParser {
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (StatementEvent) -> Void) throws(IngestError)
    mutating func finish(_ body: (StatementEvent) -> Void) throws(IngestError)
}
