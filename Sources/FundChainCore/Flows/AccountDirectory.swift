/// Who owns which covered account: resolves a statement's own account to its firm, and a
/// counterparty account to a covered firm (or to the outside world).
///
/// Account numbers are unique within a bank. A counterparty is matched on (bank, number) when
/// the entry names the counterparty's bank, else on the number alone when exactly one covered
/// account has it. Banks and numbers compare as bytes (as PostgreSQL compares them), and can be
/// looked up as the bytes of the row being read, without making strings (`ByteKeyTable`).
///
/// Each owning firm has a number, 0, 1, 2, … in the order the directory first saw it, so that a
/// caller can keep per-firm data in arrays instead of hashing codes (`numberedFirms` names them).
public struct AccountDirectory: Sendable {
    public struct Owner: Sendable, Hashable {
        public var firm: USCC
        public var currency: Currency
        /// The firm's number here: its index in `numberedFirms`.
        public var number: Int32
    }

    /// (bank, number) → owner.
    var byBankAndNumber = ByteKeyTable<Owner>()
    /// Number → owner, or `nil` when several banks have an account with that number.
    var byNumber = ByteKeyTable<Owner?>()
    /// The banks with at least one covered account.
    var banks = ByteKeyTable<Bool>()
    /// Every firm ever added as an owner, by number (one whose accounts were all given to
    /// another owner keeps its number).
    public private(set) var numberedFirms: [USCC] = []
    var numbers: [USCC: Int32] = [:]

    public init() {}

    public var count: Int { byBankAndNumber.count }

    /// The number of a firm that owns an account here.
    public func number(of firm: USCC) -> Int32? { numbers[firm] }

    /// Every firm that owns an account here, each once, in code order.
    public var firms: [USCC] { Set(byBankAndNumber.values.lazy.map(\.firm)).sorted() }

    public mutating func add(bank: String, number: String, owner: USCC, currency: Currency = .cny) {
        let firmNumber: Int32
        if let known = numbers[owner] {
            firmNumber = known
        } else {
            firmNumber = Int32(numberedFirms.count)
            numbers[owner] = firmNumber
            numberedFirms.append(owner)
        }
        let o = Owner(firm: owner, currency: currency, number: firmNumber)
        Self.bytes(bank, number) { bank, number in
            byBankAndNumber.set(o, bank, number)
            banks.set(true, bank)
            if let existing = byNumber.value(number) {
                if existing != o { byNumber.set(nil, number) }
            } else {
                byNumber.set(o, number)
            }
        }
    }

    /// The owner of a statement's own account.
    public func owner(bank: String, number: String) -> Owner? {
        Self.bytes(bank, number) { owner(bank: $0, number: $1) }
    }

    /// The owner of a statement's own account, given as the bytes of its bank and number.
    public func owner(bank: UnsafeBufferPointer<UInt8>, number: UnsafeBufferPointer<UInt8>) -> Owner? {
        byBankAndNumber.value(bank, number)
    }

    /// The covered firm behind a counterparty account, or `nil` for the outside world.
    public func counterpartyFirm(bank: String?, number: String?) -> USCC? {
        guard let number, !number.isEmpty else { return nil }
        return Self.bytes(bank ?? "", number) { counterpartyFirm(bank: $0, number: $1) }
    }

    /// The covered firm behind a counterparty account given as bytes (an empty bank: none named).
    public func counterpartyFirm(bank: UnsafeBufferPointer<UInt8>?, number: UnsafeBufferPointer<UInt8>?) -> USCC? {
        counterpartyOwner(bank: bank, number: number)?.firm
    }

    /// The owner of a counterparty account given as bytes (an empty bank: none named), `nil` for
    /// the outside world. (Its currency is the account's, not necessarily the entry's.)
    public func counterpartyOwner(bank: UnsafeBufferPointer<UInt8>?, number: UnsafeBufferPointer<UInt8>?) -> Owner? {
        guard let number, !number.isEmpty else { return nil }
        if let bank, !bank.isEmpty {
            if banks.value(bank) != nil { return byBankAndNumber.value(bank, number) }
            // A bank with no covered account: only a number no covered account has is outside.
            if byNumber.value(number) == nil { return nil }
        }
        return byNumber.value(number).flatMap { $0 }
    }

    /// `body` with the UTF-8 bytes of `bank` and `number`.
    static func bytes<T>(
        _ bank: String, _ number: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> T
    ) -> T {
        var (bank, number) = (bank, number)
        return bank.withUTF8 { bank in number.withUTF8 { number in body(bank, number) } }
    }
}
