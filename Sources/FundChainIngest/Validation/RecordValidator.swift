/// Turns the rows of one kind of file into records, or into rejects naming line and field.
public protocol RecordValidator: Sendable {
    associatedtype Record: Sendable
    var header: Header { get }
    func validate(_ row: borrowing CSVRow) -> Result<Record, RowReject>
}

extension FirmRowValidator: RecordValidator {}
extension AccountRowValidator: RecordValidator {}
extension TransactionRowValidator: RecordValidator {}
extension ConsentRowValidator: RecordValidator {}
extension CreditEventRowValidator: RecordValidator {}
