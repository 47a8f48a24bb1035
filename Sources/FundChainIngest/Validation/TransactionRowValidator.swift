import FundChainCore

/// A statement entry that passed validation, with the covered firm that owns its account.
public struct ValidatedEntry: Sendable, Hashable {
    public var entry: StatementEntry
    public var firm: USCC
    /// 1-based line in the source file.
    public var line: Int
}

/// Validates `transactions.csv` rows (statement entries):
/// `bank_code,account_no,txn_ref,booked_at,direction,amount[,currency,counterparty_account,counterparty_name,counterparty_bank,purpose]`.
/// The statement's own account must be covered (`directory`).
public struct TransactionRowValidator: Sendable {
    public static let required = ["bank_code", "account_no", "txn_ref", "booked_at", "direction", "amount"]
    public static let optional = [
        "currency", "counterparty_account", "counterparty_name", "counterparty_bank", "purpose",
    ]
    enum Column: Int {
        case bankCode, accountNo, txnRef, bookedAt, direction, amount, currency, counterpartyAccount, counterpartyName,
            counterpartyBank, purpose
    }

    public let header: Header
    static let names = required + optional
    let directory: AccountDirectory
    let masked: Set<Int>

    public init(header row: borrowing CSVRow, file: String, directory: AccountDirectory) throws(IngestError) {
        let header = try Header(row, required: Self.required, optional: Self.optional, file: file)
        self.header = header
        self.directory = directory
        masked = Set([Column.accountNo, .counterpartyAccount].compactMap { header.indices[$0.rawValue] })
    }

    public func validate(_ row: borrowing CSVRow) -> Result<ValidatedEntry, RowReject> {
        let ctx = RowContext(row, header: header, names: Self.names, maskedColumns: masked)
        if let reject = ctx.checkRow() { return .failure(reject) }
        do throws(RowReject) {
            let bank = try ctx.code(Column.bankCode.rawValue, maxLength: 16)
            let number = try ctx.code(Column.accountNo.rawValue, maxLength: 34)
            let ref = try ctx.required(Column.txnRef.rawValue, maxLength: 64)
            let booked = try ctx.date(Column.bookedAt.rawValue)
            let direction: Direction
            switch try ctx.required(Column.direction.rawValue) {
            case "D", "d", "DBIT": direction = .debit
            case "C", "c", "CRDT": direction = .credit
            case let other:
                throw ctx.reject(Column.direction.rawValue, .invalidDirection, "direction '\(other)' is not D or C")
            }
            let currency = try ctx.currency(Column.currency.rawValue)
            let amount = try Self.amount(ctx, currency: currency)
            guard let owner = directory.owner(bank: bank, number: number) else {
                throw
                    ctx.reject(
                        Column.accountNo.rawValue, .unknownAccount,
                        "account \(AccountNumber.mask(number)) at \(bank) is not a covered account (load accounts first)"
                    )
            }
            guard owner.currency == currency else {
                throw
                    ctx.reject(
                        Column.currency.rawValue, .currencyMismatch,
                        "currency \(currency) differs from the account's \(owner.currency)")
            }
            let entry = StatementEntry(
                bankCode: bank, accountNumber: number, txnRef: ref, bookedOn: booked, direction: direction,
                amount: amount,
                currency: currency,
                counterpartyAccount: try ctx.optional(Column.counterpartyAccount.rawValue, maxLength: 34),
                counterpartyName: try ctx.optional(Column.counterpartyName.rawValue, maxLength: 200),
                counterpartyBank: try ctx.optional(Column.counterpartyBank.rawValue, maxLength: 16),
                purpose: try ctx.optional(Column.purpose.rawValue, maxLength: 500))
            return .success(ValidatedEntry(entry: entry, firm: owner.firm, line: ctx.row.line))
        } catch {
            return .failure(error)
        }
    }

    static func amount(_ ctx: borrowing RowContext, currency: Currency) throws(RowReject) -> Money {
        let column = Column.amount.rawValue
        let text = try ctx.required(column)
        let digits = currency.minorUnitDigits
        let money: Money
        do {
            money = try Money(parsing: text, maxDecimals: digits)
        } catch .tooManyDecimals(let n) where n > digits {
            throw ctx.reject(column, .tooManyDecimals, "amount '\(text)' has \(n) decimals; \(currency) has \(digits)")
        } catch .tooManyDecimals(let n) {
            throw ctx.reject(
                column, .tooManyDecimals,
                "amount '\(text)' has \(n) decimals; FundChain holds amounts in hundredths, so \(currency) amounts need at most 2"
            )
        } catch .overflow {
            throw ctx.reject(column, .amountTooLarge, StatementAmount.tooLargeMessage(text))
        } catch {
            throw ctx.reject(column, .invalidAmount, "amount '\(text)': \(error)")
        }
        // Money counts in hundredths; a currency with fewer minor units still fits exactly.
        guard money.fen > 0 else {
            throw ctx.reject(
                column, .nonPositiveAmount, "amount '\(text)' must be positive (the direction gives the sign)")
        }
        guard money <= Money.maximumEntry else {
            throw ctx.reject(column, .amountTooLarge, StatementAmount.tooLargeMessage(text))
        }
        return money
    }
}
