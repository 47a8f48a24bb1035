/// Who owns which covered account: resolves a statement's own account to its firm, and a
/// counterparty account to a covered firm (or to the outside world).
///
/// Account numbers are unique within a bank. A counterparty is matched on (bank, number) when
/// the entry names the counterparty's bank, else on the number alone when exactly one covered
/// account has it.
public struct AccountDirectory: Sendable {
    public struct Owner: Sendable, Hashable {
        public var firm: USCC
        public var currency: Currency
    }

    var byBankAndNumber: [String: [String: Owner]] = [:]
    /// Number → owner, or `nil` when several banks have an account with that number.
    var byNumber: [String: Owner?] = [:]

    public init() {}

    public var count: Int { byBankAndNumber.values.reduce(0) { $0 + $1.count } }

    /// Every firm that owns an account here, each once, in code order.
    public var firms: [USCC] {
        Set(byBankAndNumber.values.lazy.flatMap { $0.values.lazy.map(\.firm) }).sorted()
    }

    public mutating func add(bank: String, number: String, owner: USCC, currency: Currency = .cny) {
        let o = Owner(firm: owner, currency: currency)
        byBankAndNumber[bank, default: [:]][number] = o
        if let existing = byNumber[number] {
            if existing != o { byNumber[number] = .some(nil) }
        } else {
            byNumber[number] = o
        }
    }

    /// The owner of a statement's own account.
    public func owner(bank: String, number: String) -> Owner? { byBankAndNumber[bank]?[number] }

    /// The covered firm behind a counterparty account, or `nil` for the outside world.
    public func counterpartyFirm(bank: String?, number: String?) -> USCC? {
        guard let number, !number.isEmpty else { return nil }
        if let bank, !bank.isEmpty, let banks = byBankAndNumber[bank] { return banks[number]?.firm }
        if let bank, !bank.isEmpty, byBankAndNumber[bank] == nil, byNumber[number] == nil { return nil }
        return byNumber[number].flatMap { $0?.firm }
    }
}
