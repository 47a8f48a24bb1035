/// What a bank reports about a firm's loans (the `credit_events` table; README.md, "Credit events").
///
/// Which of these make a firm "in default" is decided in one place, `DefaultDefinition`.
public enum CreditEventKind: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// The bank declared the loan in default (Basel "unlikely to pay", or a contractual default).
    case `default` = "default"
    /// A material obligation is more than 90 days past due.
    case overdue90 = "overdue_90"
    /// The loan was restructured (terms eased). Not a default by itself.
    case restructured = "restructured"
    /// The bank wrote the loan off.
    case writtenOff = "written_off"

    public var description: String { rawValue }
}

/// One reported event: which firm, what, when, and (when the file gives them) which bank and
/// under which reference.
public struct CreditEvent: Sendable, Hashable {
    public var uscc: USCC
    public var kind: CreditEventKind
    public var date: CalendarDate
    /// The reporting bank's code; `nil` when not given.
    public var bankCode: String?
    /// The bank's reference for the event; `nil` when not given.
    public var reference: String?

    public init(
        uscc: USCC, kind: CreditEventKind, date: CalendarDate, bankCode: String? = nil, reference: String? = nil
    ) {
        self.uscc = uscc
        self.kind = kind
        self.date = date
        self.bankCode = bankCode
        self.reference = reference
    }
}
