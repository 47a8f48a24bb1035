/// A registered enterprise covered by FundChain.
public struct Firm: Sendable, Hashable, Codable {
    public var uscc: USCC
    public var name: String
    /// GB/T 4754-2017 class or division.
    public var industry: IndustryCode
    /// 9-digit town/street code.
    public var region: RegionCode
    /// Date of establishment.
    public var foundedOn: CalendarDate
    /// A core enterprise (核心企业) of an industrial chain, e.g. an automaker.
    public var isCore: Bool

    public init(
        uscc: USCC, name: String, industry: IndustryCode, region: RegionCode, foundedOn: CalendarDate, isCore: Bool
    ) {
        self.uscc = uscc
        self.name = name
        self.industry = industry
        self.region = region
        self.foundedOn = foundedOn
        self.isCore = isCore
    }
}

/// A bank account held by a covered firm.
public struct Account: Sendable, Hashable, Codable {
    public var bankCode: String
    public var accountNumber: String
    public var owner: USCC
    public var openedOn: CalendarDate
    public var currency: Currency

    public init(bankCode: String, accountNumber: String, owner: USCC, openedOn: CalendarDate, currency: Currency) {
        self.bankCode = bankCode
        self.accountNumber = accountNumber
        self.owner = owner
        self.openedOn = openedOn
        self.currency = currency
    }

    /// The account number with all but the last four characters masked (`****1234`).
    public var maskedNumber: String { AccountNumber.mask(accountNumber) }
}

/// Helpers for account numbers, which are personal data.
public enum AccountNumber {
    /// Masks all but the last four characters: never print an account number whole.
    public static func mask(_ number: some StringProtocol) -> String {
        let tail = number.suffix(4)
        return String(repeating: "*", count: max(number.count - tail.count, 4)) + tail
    }
}
