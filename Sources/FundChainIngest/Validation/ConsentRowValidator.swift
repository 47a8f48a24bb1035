import FundChainCore

/// A consent as read from a file, before the database gives it an id.
public struct ConsentRow: Sendable, Hashable {
    public var uscc: USCC
    public var bankCode: String
    public var purpose: ConsentPurpose
    public var reference: String
    public var grantedOn: CalendarDate
    public var expiresOn: CalendarDate?

    public init(
        uscc: USCC, bankCode: String, purpose: ConsentPurpose, reference: String, grantedOn: CalendarDate,
        expiresOn: CalendarDate?
    ) {
        self.uscc = uscc
        self.bankCode = bankCode
        self.purpose = purpose
        self.reference = reference
        self.grantedOn = grantedOn
        self.expiresOn = expiresOn
    }
}

/// Validates `consents.csv` rows: `uscc,bank,purpose,reference,granted_at,expires_at` (dates
/// `YYYY-MM-DD`, `expires_at` may be empty). The firm must be a covered firm (`knownFirms`);
/// `bank` is the bank code API keys are created for (`fundchain apikey create --bank`).
public struct ConsentRowValidator: Sendable {
    public static let required = ["uscc", "bank", "purpose", "reference", "granted_at"]
    public static let optional = ["expires_at"]
    enum Column: Int { case uscc, bank, purpose, reference, grantedAt, expiresAt }

    public let header: Header
    static let names = required + optional
    let knownFirms: Set<String>

    public init(header row: borrowing CSVRow, file: String, knownFirms: Set<String>) throws(IngestError) {
        header = try Header(row, required: Self.required, optional: Self.optional, file: file)
        self.knownFirms = knownFirms
    }

    public func validate(_ row: borrowing CSVRow) -> Result<ConsentRow, RowReject> {
        let ctx = RowContext(row, header: header, names: Self.names)
        if let reject = ctx.checkRow() { return .failure(reject) }
        do throws(RowReject) {
            let uscc = try ctx.knownFirm(Column.uscc.rawValue, in: knownFirms)
            let bank = try ctx.code(Column.bank.rawValue, maxLength: 16)
            let purposeText = try ctx.required(Column.purpose.rawValue, maxLength: 16)
            guard let purpose = ConsentPurpose(rawValue: purposeText) else {
                throw ctx.reject(
                    Column.purpose.rawValue, .invalidCode,
                    "purpose '\(purposeText)' is not one of \(ConsentPurpose.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let reference = try ctx.required(Column.reference.rawValue, maxLength: 128)
            let granted = try ctx.date(Column.grantedAt.rawValue)
            var expires: CalendarDate?
            if try ctx.optional(Column.expiresAt.rawValue) != nil {
                let date = try ctx.date(Column.expiresAt.rawValue)
                guard date > granted else {
                    throw ctx.reject(
                        Column.expiresAt.rawValue, .invalidDate, "expires_at \(date) is not after granted_at \(granted)"
                    )
                }
                expires = date
            }
            return .success(
                ConsentRow(
                    uscc: uscc, bankCode: bank, purpose: purpose, reference: reference, grantedOn: granted,
                    expiresOn: expires))
        } catch {
            return .failure(error)
        }
    }
}
