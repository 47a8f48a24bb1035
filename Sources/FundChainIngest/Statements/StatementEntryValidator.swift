import Crypto
import FundChainCore

/// Matches statement lines to covered accounts and turns them into validated entries (or
/// rejects naming line and field), like `TransactionRowValidator` does for CSV rows.
///
/// - bank code: `bankOverride` (the `--bank` option) when given, else the bank the statement
///   names (camt servicer BIC, MT940 `:25:` prefix), BICs normalised (`…XXX` → 8 characters);
/// - txn_ref (unique per bank): the bank's reference (`AcctSvcrRef`, MT940 `//` reference) as
///   is — banks assign it uniquely, and it is what their CSV exports carry, so the same entry
///   loaded from CSV and from a statement is one entry; else `E2E/` + a SHA-256 of (account,
///   direction, booking date, amount, end-to-end id) — the payer sets that id, so it is unique
///   only together with the rest; else `H/` + a SHA-256 of (account, statement id, entry index[,
///   detail index]) — stable when the same file is loaded again, but not across two different
///   statements holding the same entry. The MT940 customer reference is not used: banks fill it
///   with placeholders (`NONREF`, `N`, `X`) that would make distinct entries look like one.
public struct StatementEntryValidator: Sendable {
    let directory: AccountDirectory
    let bankOverride: String?

    public init(directory: AccountDirectory, bankOverride: String? = nil) {
        self.directory = directory
        self.bankOverride = bankOverride.map(BankCode.normalized)
    }

    public func validate(_ s: StatementLine) -> Result<ValidatedEntry, RowReject> {
        func reject(_ field: String, _ reason: RejectReason, _ message: String) -> Result<ValidatedEntry, RowReject> {
            .failure(
                RowReject(line: s.line, field: s.location + " (\(field))", reason: reason, message: message, raw: s.raw)
            )
        }
        guard let bank = bankOverride ?? s.bankCode.map(BankCode.normalized), !bank.isEmpty else {
            return reject(
                "bank", .missingValue,
                "the statement does not name its bank (camt Acct/Svcr, MT940 :25: BANKCODE/ACCOUNT): pass --bank CODE")
        }
        guard Self.isCode(bank, maxLength: 16) else {
            return reject("bank", .invalidCode, "bank code '\(bank)' is not 1–16 letters and digits")
        }
        guard Self.isCode(s.account, maxLength: 34) else {
            return reject(
                "account", .invalidCode, "account \(AccountNumber.mask(s.account)) is not 1–34 letters and digits")
        }
        guard let owner = directory.owner(bank: bank, number: s.account) else {
            return reject(
                "account", .unknownAccount,
                "account \(AccountNumber.mask(s.account)) at \(bank) is not a covered account (load accounts first)")
        }
        guard owner.currency == s.currency else {
            return reject(
                "currency", .currencyMismatch, "currency \(s.currency) differs from the account's \(owner.currency)")
        }
        let entry = StatementEntry(
            bankCode: bank, accountNumber: s.account, txnRef: Self.txnRef(s), bookedOn: s.bookingDate,
            direction: s.direction, amount: s.amount, currency: s.currency,
            counterpartyAccount: s.counterpartyAccount.flatMap { $0.isEmpty ? nil : String($0.prefix(34)) },
            counterpartyName: s.counterpartyName, counterpartyBank: s.counterpartyBank.map { String($0.prefix(16)) },
            purpose: s.purpose)
        return .success(ValidatedEntry(entry: entry, firm: owner.firm, line: s.line))
    }

    /// The dedupe key of a line (see the type's documentation).
    public static func txnRef(_ s: StatementLine) -> String {
        if let ref = s.bankReference, !ref.isEmpty, ref.utf8.count <= 64 { return ref }
        if let id = s.endToEndID, !id.isEmpty {
            let parts = [s.account, s.direction.rawValue, s.bookingDate.description, String(s.amount.fen), id]
            return "E2E/" + digest(parts).prefix(40)
        }
        var parts = [s.account, s.statementID, String(s.entryIndex)]
        if let d = s.detailIndex { parts.append(String(d)) }
        return "H/" + digest(parts).prefix(40)
    }

    static func digest(_ parts: [String]) -> String {
        SHA256.hash(data: Array(parts.joined(separator: "\u{1F}").utf8)).map { hex($0) }.joined()
    }

    static func isCode(_ s: String, maxLength: Int) -> Bool {
        !s.isEmpty && s.utf8.count <= maxLength
            && s.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
            }
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
