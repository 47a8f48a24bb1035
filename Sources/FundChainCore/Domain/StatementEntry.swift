/// Debit (money leaves the account) or credit (money arrives), from the account holder's side.
public enum Direction: String, Sendable, Hashable, Codable {
    case debit = "D"
    case credit = "C"
}

/// An ISO 4217 currency code (three upper-case letters) with its number of minor-unit digits.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String

    public static let cny = Currency(trusted: "CNY")

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String { "'\(text)' is not an ISO 4217 currency code" }
    }

    /// Minor-unit digits of the currencies banks report to FundChain; others default to 2.
    static let minorUnits: [String: Int] = [
        "CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "GBP": 2, "CHF": 2, "SGD": 2, "AUD": 2, "CAD": 2,
        "RUB": 2, "PLN": 2, "SEK": 2, "NOK": 2, "DKK": 2, "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0,
        "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3,
    ]

    public init(_ text: some StringProtocol) throws(ParseError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 3, bytes.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw ParseError(text: String(text))
        }
        self.code = String(text)
    }

    init(trusted code: String) { self.code = code }

    /// Number of decimal places of an amount in this currency.
    public var minorUnitDigits: Int { Self.minorUnits[code] ?? 2 }

    public var description: String { code }
}

/// One account movement as a bank reports it: the unit of ingest.
///
/// A transfer between two covered accounts appears twice (a debit at the payer's bank and a
/// credit at the payee's); the capital-flow graph counts it once, from the debit side.
public struct StatementEntry: Sendable, Hashable, Codable {
    public var bankCode: String
    public var accountNumber: String
    /// The bank's reference; `(bankCode, txnRef)` is unique.
    public var txnRef: String
    public var bookedOn: CalendarDate
    public var direction: Direction
    /// Always positive; the direction says which way it moved.
    public var amount: Money
    public var currency: Currency
    public var counterpartyAccount: String?
    public var counterpartyName: String?
    public var counterpartyBank: String?
    public var purpose: String?

    public init(
        bankCode: String, accountNumber: String, txnRef: String, bookedOn: CalendarDate, direction: Direction,
        amount: Money, currency: Currency, counterpartyAccount: String?, counterpartyName: String?,
        counterpartyBank: String?, purpose: String?
    ) {
        self.bankCode = bankCode
        self.accountNumber = accountNumber
        self.txnRef = txnRef
        self.bookedOn = bookedOn
        self.direction = direction
        self.amount = amount
        self.currency = currency
        self.counterpartyAccount = counterpartyAccount
        self.counterpartyName = counterpartyName
        self.counterpartyBank = counterpartyBank
        self.purpose = purpose
    }
}
