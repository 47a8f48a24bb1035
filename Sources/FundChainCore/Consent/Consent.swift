/// What a bank may query a firm for under a consent: one purpose per bank API route
/// (`score`: `POST /v1/scores`; `profile`: the profile and stored snapshots; `products`: the
/// product matches).
public enum ConsentPurpose: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case score, profile, products

    public var description: String { rawValue }
}

/// A firm's authorisation for one bank to query it for one purpose (the `consents` table).
///
/// Live on a day `d` when `grantedOn <= d < expiresOn` (no `expiresOn`: until revoked) and not
/// revoked. Days are calendar days in China Standard Time (`Consent.today`).
public struct Consent: Sendable, Hashable {
    public var id: Int64
    public var uscc: String
    public var bankCode: String
    public var purpose: ConsentPurpose
    /// The firm's own reference for the authorisation (1–128 characters), quoted by the bank.
    public var reference: String
    public var grantedOn: CalendarDate
    /// The first day it no longer holds; `nil`: open-ended.
    public var expiresOn: CalendarDate?
    public var isRevoked: Bool

    public init(
        id: Int64, uscc: String, bankCode: String, purpose: ConsentPurpose, reference: String,
        grantedOn: CalendarDate, expiresOn: CalendarDate?, isRevoked: Bool
    ) {
        self.id = id
        self.uscc = uscc
        self.bankCode = bankCode
        self.purpose = purpose
        self.reference = reference
        self.grantedOn = grantedOn
        self.expiresOn = expiresOn
        self.isRevoked = isRevoked
    }

    /// Whether the consent holds on `day`.
    public func isLive(on day: CalendarDate) -> Bool {
        !isRevoked && grantedOn <= day && expiresOn.map { day < $0 } ?? true
    }

    /// China Standard Time (UTC+8, no daylight saving): the calendar consents are dated in.
    public static let utcOffsetSeconds = 8 * 3600

    /// The calendar day in China Standard Time at `secondsSince1970` (UTC).
    public static func day(atSecondsSince1970 seconds: Double) -> CalendarDate {
        let local = Int((seconds + Double(utcOffsetSeconds)).rounded(.down))
        return CalendarDate(daysSinceEpoch: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }
}
