import FundChainCore

/// Validates `accounts.csv` rows: `bank_code,account_no,uscc,opened_on[,currency]`. The owner
/// must be a covered firm (`knownFirms`).
public struct AccountRowValidator: Sendable {
    public static let required = ["bank_code", "account_no", "uscc", "opened_on"]
    public static let optional = ["currency"]
    enum Column: Int { case bankCode, accountNo, uscc, openedOn, currency }

    public let header: Header
    static let names = required + optional
    let knownFirms: Set<String>

    public init(header row: borrowing CSVRow, file: String, knownFirms: Set<String>) throws(IngestError) {
        header = try Header(row, required: Self.required, optional: Self.optional, file: file)
        self.knownFirms = knownFirms
    }

    public func validate(_ row: borrowing CSVRow) -> Result<Account, RowReject> {
        let masked: Set<Int> = header.indices[Column.accountNo.rawValue].map { [$0] } ?? []
        let ctx = RowContext(row, header: header, names: Self.names, maskedColumns: masked)
        if let reject = ctx.checkRow() { return .failure(reject) }
        do throws(RowReject) {
            let bank = try ctx.code(Column.bankCode.rawValue, maxLength: 16)
            let number = try ctx.code(Column.accountNo.rawValue, maxLength: 34)
            let owner = try ctx.knownFirm(Column.uscc.rawValue, in: knownFirms)
            let opened = try ctx.date(Column.openedOn.rawValue)
            let currency = try ctx.currency(Column.currency.rawValue)
            return .success(
                Account(bankCode: bank, accountNumber: number, owner: owner, openedOn: opened, currency: currency))
        } catch {
            return .failure(error)
        }
    }
}
