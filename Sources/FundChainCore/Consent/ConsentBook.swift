/// The consents a server checks requests against: an immutable index, rebuilt from the
/// `consents` table and swapped whole when consents change.
public struct ConsentBook: Sendable {
    struct Key: Hashable, Sendable {
        var uscc: String
        var bankCode: String
        var purpose: ConsentPurpose
        var reference: String
    }

    let byKey: [Key: Consent]

    /// Revoked consents may be left out or kept: either way they never match.
    public init(_ consents: some Sequence<Consent> = []) {
        var byKey: [Key: Consent] = [:]
        for consent in consents where !consent.isRevoked {
            byKey[
                Key(
                    uscc: consent.uscc, bankCode: consent.bankCode, purpose: consent.purpose,
                    reference: consent.reference)] =
                consent
        }
        self.byKey = byKey
    }

    public var count: Int { byKey.count }

    /// The live consent with this reference for this firm, bank and purpose on `day`, or `nil`.
    /// - Complexity: one dictionary probe.
    public func live(uscc: String, bankCode: String, purpose: ConsentPurpose, reference: String, on day: CalendarDate)
        -> Consent?
    {
        guard let consent = byKey[Key(uscc: uscc, bankCode: bankCode, purpose: purpose, reference: reference)],
            consent.isLive(on: day)
        else { return nil }
        return consent
    }
}
