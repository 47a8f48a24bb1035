import FundChainCore

/// A statement's balance check: opening balance + credits − debits must equal the closing
/// balance. A mismatch is reported and stored with the run; the entries still load.
public struct StatementReconciliation: Sendable, Hashable {
    public var statementID: String
    public var account: String
    public var currency: Currency?
    /// Signed (a debit balance is negative); `nil` when the statement gives none.
    public var opening: Money?
    public var closing: Money?
    /// Sums of the booked entries read (before matching to accounts).
    public var credits = Money.zero
    public var debits = Money.zero
    public var entries = 0
    /// Entries whose amount or direction could not be read: the check cannot be made.
    public var unreadable = 0
    /// Entries not booked (camt `Sts` other than `BOOK`): not loaded, not in the balance.
    public var notBooked = 0
    /// The credits or debits (or opening + credits − debits) left the range of `Int64` fen:
    /// the check cannot be made.
    public var overflowed = false
    /// Line where the statement begins.
    public var line: Int

    public init(statementID: String, account: String, line: Int) {
        self.statementID = statementID
        self.account = account
        self.line = line
    }

    /// Counts a booked entry in the sums (overflow-checked: a sum that would leave `Int64` stops
    /// growing and marks the statement `overflowed`, so it is reported unchecked).
    public mutating func add(_ direction: Direction, _ amount: Money) {
        entries += 1
        switch direction {
        case .credit:
            if let sum = credits.adding(amount) { credits = sum } else { overflowed = true }
        case .debit:
            if let sum = debits.adding(amount) { debits = sum } else { overflowed = true }
        }
    }

    /// Opening + credits − debits, when the opening balance is known and the sum fits in `Int64`.
    public var expectedClosing: Money? {
        guard !overflowed else { return nil }
        // `debits` is a sum of positive amounts, so its negation cannot overflow.
        return opening.flatMap { $0.adding(credits) }.flatMap { $0.adding(Money(fen: -debits.fen)) }
    }

    public enum Status: String, Sendable { case balanced, mismatch, unchecked }

    public var status: Status {
        guard unreadable == 0, let expected = expectedClosing, let closing else { return .unchecked }
        return expected == closing ? .balanced : difference == nil ? .unchecked : .mismatch
    }

    /// Closing − expected closing, when both are known and the difference fits in `Int64`.
    public var difference: Money? {
        guard let expected = expectedClosing, let closing else { return nil }
        let (d, o) = closing.fen.subtractingReportingOverflow(expected.fen)
        return o ? nil : Money(fen: d)
    }

    /// One line for the ingest summary (account masked).
    public var description: String {
        let ccy = currency.map { " \($0.code)" } ?? ""
        let head = "statement \(statementID) (account \(AccountNumber.mask(account)), \(entries) entries)"
        switch status {
        case .balanced:
            return "\(head): balanced, \(opening!) + \(credits) − \(debits) = \(closing!)\(ccy)"
        case .mismatch:
            return
                "\(head): DOES NOT RECONCILE, \(opening!) + \(credits) − \(debits) = \(expectedClosing!) but closing balance is \(closing!)\(ccy) (difference \(difference!))"
        case .unchecked:
            let why =
                unreadable > 0
                ? "\(unreadable) entries unreadable"
                : overflowed || (opening != nil && closing != nil)
                    ? "the sums exceed the Int64 range of fen"
                    : opening == nil ? "no opening balance" : "no closing balance"
            return "\(head): not checked (\(why))"
        }
    }
}
