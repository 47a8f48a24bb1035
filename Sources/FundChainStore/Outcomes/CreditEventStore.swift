import FundChainCore
import PostgresNIO

/// Reads the `credit_events` table (schema.sql, README.md "Credit events"): the events
/// banks reported, loaded by `fundchain events import`. Append-only; what counts as a default is
/// `DefaultDefinition`'s to say.
public struct CreditEventStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Events, of one firm when `uscc` is given, ordered by firm, date, kind and id.
    ///
    /// - Complexity: one scan of `credit_events` (an index range for one firm).
    public func events(uscc: String? = nil) async throws -> [CreditEvent] {
        let rows: PostgresRowSequence
        if let uscc {
            rows = try await database.client.query(
                """
                SELECT uscc, event, event_date::text, bank_code, reference FROM credit_events
                WHERE uscc = \(uscc) ORDER BY uscc, event_date, event, id
                """, logger: database.logger)
        } else {
            rows = try await database.client.query(
                """
                SELECT uscc, event, event_date::text, bank_code, reference FROM credit_events
                ORDER BY uscc, event_date, event, id
                """, logger: database.logger)
        }
        var out: [CreditEvent] = []
        for try await (uscc, event, date, bank, reference) in rows.decode(
            (String, String, String, String?, String?).self)
        {
            guard let code = try? USCC(uscc), let kind = CreditEventKind(rawValue: event),
                let day = try? CalendarDate(parsing: date)
            else { throw StoreError(.corruptData, "credit_events: a row of \(uscc) has an unknown event or date") }
            out.append(CreditEvent(uscc: code, kind: kind, date: day, bankCode: bank, reference: reference))
        }
        return out
    }

    /// Every defaulted firm's first default date (`DefaultDefinition`), by USCC code.
    public func defaultDates() async throws -> [String: CalendarDate] {
        DefaultDefinition.defaultDates(of: try await events())
    }
}
