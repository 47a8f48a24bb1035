/// Why a row was rejected. An open set: new reasons can be added without breaking callers.
public struct RejectReason: Sendable, Hashable, CustomStringConvertible {
    enum Base: String, Sendable, CaseIterable {
        case wrongFieldCount = "wrong_field_count"
        case missingValue = "missing_value"
        case invalidUSCC = "invalid_uscc"
        case unknownIndustry = "unknown_industry"
        case unknownRegion = "unknown_region"
        case invalidDate = "invalid_date"
        case invalidAmount = "invalid_amount"
        case nonPositiveAmount = "non_positive_amount"
        case tooManyDecimals = "too_many_decimals"
        case invalidCurrency = "invalid_currency"
        case invalidDirection = "invalid_direction"
        case invalidFlag = "invalid_flag"
        case invalidCode = "invalid_code"
        case unknownAccount = "unknown_account"
        case unknownFirm = "unknown_firm"
        case currencyMismatch = "currency_mismatch"
        case tooLong = "too_long"
        case invalidText = "invalid_text"
        case amountTooLarge = "amount_too_large"
        case futureDate = "future_date"
    }

    let base: Base

    /// The row has more or fewer fields than the header.
    public static let wrongFieldCount = Self(base: .wrongFieldCount)
    /// A required field is empty.
    public static let missingValue = Self(base: .missingValue)
    /// Not a valid GB 32100-2015 code (length, alphabet or check character).
    public static let invalidUSCC = Self(base: .invalidUSCC)
    /// Not a GB/T 4754-2017 code.
    public static let unknownIndustry = Self(base: .unknownIndustry)
    /// Not a Chongqing town/street code.
    public static let unknownRegion = Self(base: .unknownRegion)
    public static let invalidDate = Self(base: .invalidDate)
    /// Not a decimal number.
    public static let invalidAmount = Self(base: .invalidAmount)
    /// Zero or negative: statement amounts are positive, the direction says which way.
    public static let nonPositiveAmount = Self(base: .nonPositiveAmount)
    /// More decimals than the currency has minor units.
    public static let tooManyDecimals = Self(base: .tooManyDecimals)
    public static let invalidCurrency = Self(base: .invalidCurrency)
    /// Not `D` or `C`.
    public static let invalidDirection = Self(base: .invalidDirection)
    /// Not a boolean (`0`, `1`, `true`, `false`).
    public static let invalidFlag = Self(base: .invalidFlag)
    /// A bank code or account number with characters outside its alphabet.
    public static let invalidCode = Self(base: .invalidCode)
    /// The statement's own account is not a covered account.
    public static let unknownAccount = Self(base: .unknownAccount)
    /// The account's owner is not a covered firm.
    public static let unknownFirm = Self(base: .unknownFirm)
    /// The entry's currency differs from its account's.
    public static let currencyMismatch = Self(base: .currencyMismatch)
    public static let tooLong = Self(base: .tooLong)
    /// Not valid UTF-8 or contains control characters (NUL, U+0001–U+001F other than the tab
    /// and line breaks a format allows, U+007F–U+009F).
    public static let invalidText = Self(base: .invalidText)
    /// Above `Money.maximumEntry` (10^15 fen, 10^13 yuan) or beyond the range of `Int64` fen.
    public static let amountTooLarge = Self(base: .amountTooLarge)
    /// A date after today (China Standard Time) where only the past makes sense (a credit event).
    public static let futureDate = Self(base: .futureDate)

    /// The stable code stored in `ingest_rejects.reason`.
    public var code: String { base.rawValue }
    public var description: String { base.rawValue }

    /// Every reason, for documentation and tests.
    public static var all: [RejectReason] { Base.allCases.map { Self(base: $0) } }
}

/// A rejected row: where, which field, why, and the row as read.
///
/// `field`, `message` and `raw` pass through `RejectText.stored` when set: control characters
/// are escaped (`\u0000`) and account-number-like digit runs masked, whichever format or column
/// they came from, so what reaches `ingest_rejects` and the logs is safe to store and show.
public struct RowReject: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var field: String { didSet { field = RejectText.stored(field) } }
    public var reason: RejectReason
    public var message: String { didSet { message = RejectText.stored(message) } }
    public var raw: String { didSet { raw = RejectText.stored(raw) } }

    public init(line: Int, field: String, reason: RejectReason, message: String, raw: String) {
        self.line = line
        self.field = RejectText.stored(field)
        self.reason = reason
        self.message = RejectText.stored(message)
        self.raw = RejectText.stored(raw)
    }

    public var description: String { "line \(line), field '\(field)': \(message)" }
}
