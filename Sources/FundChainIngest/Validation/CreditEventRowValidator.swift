import FundChainCore

/// Validates `credit_events.csv` rows: `uscc,event,event_date[,bank,reference]` (README.md,
/// "Credit events"). The firm must be a covered firm (`knownFirms`); `event` one of
/// `CreditEventKind`; `event_date` a `YYYY-MM-DD` not after `today` (China Standard Time: an
/// event cannot be reported before it happened); `bank` a code of 1–16 letters and digits and
/// `reference` 1–128 characters, both optional (absent or empty: not recorded).
public struct CreditEventRowValidator: Sendable {
    public static let required = ["uscc", "event", "event_date"]
    public static let optional = ["bank", "reference"]
    enum Column: Int { case uscc, event, eventDate, bank, reference }

    public let header: Header
    static let names = required + optional
    let knownFirms: Set<String>
    let today: CalendarDate

    public init(header row: borrowing CSVRow, file: String, knownFirms: Set<String>, today: CalendarDate)
        throws(IngestError)
    {
        header = try Header(row, required: Self.required, optional: Self.optional, file: file)
        self.knownFirms = knownFirms
        self.today = today
    }

    public func validate(_ row: borrowing CSVRow) -> Result<CreditEvent, RowReject> {
        let ctx = RowContext(row, header: header, names: Self.names)
        if let reject = ctx.checkRow() { return .failure(reject) }
        do throws(RowReject) {
            let uscc = try ctx.knownFirm(Column.uscc.rawValue, in: knownFirms)
            let eventText = try ctx.required(Column.event.rawValue, maxLength: 16)
            guard let kind = CreditEventKind(rawValue: eventText) else {
                throw ctx.reject(
                    Column.event.rawValue, .invalidCode,
                    "event '\(eventText)' is not one of \(CreditEventKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let date = try ctx.date(Column.eventDate.rawValue)
            guard date <= today else {
                throw ctx.reject(
                    Column.eventDate.rawValue, .futureDate,
                    "event_date \(date) is after today (\(today), China Standard Time)")
            }
            var bank: String?
            if try ctx.optional(Column.bank.rawValue, maxLength: 16) != nil {
                bank = try ctx.code(Column.bank.rawValue, maxLength: 16)
            }
            let reference = try ctx.optional(Column.reference.rawValue, maxLength: 128)
            return .success(CreditEvent(uscc: uscc, kind: kind, date: date, bankCode: bank, reference: reference))
        } catch {
            return .failure(error)
        }
    }
}
