import FundChainCore
import Testing

@testable import FundChainIngest

/// `credit_events.csv` rows: every reject names its line, field and reason; bank and reference
/// are optional columns and optional values.
@Suite struct CreditEventRowValidatorTests {
    static let firmA = RowValidatorTests.firmA
    static let today = try! CalendarDate(parsing: "2026-06-30")

    static func events(_ body: String, header: String = "uscc,event,event_date,bank,reference") throws
        -> [Result<CreditEvent, RowReject>]
    {
        try validateRows(header + "\n" + body) { header in
            let v = try CreditEventRowValidator(
                header: header, file: "credit_events.csv", knownFirms: [firmA], today: today)
            return { v.validate($0) }
        }
    }

    @Test func validRowsWithAndWithoutBankAndReference() throws {
        let rows = try Self.events(
            """
            \(Self.firmA),default,2026-06-30,CQRCB,CE-1
            \(Self.firmA),overdue_90,2025-01-02,,
             \(Self.firmA) ,restructured, 2024-03-04 ,ICBC,
            """)
        let events = rows.compactMap(\.value)
        #expect(events.count == 3)
        #expect(
            events[0]
                == CreditEvent(
                    uscc: try USCC(Self.firmA), kind: .default, date: Self.today, bankCode: "CQRCB", reference: "CE-1"))
        #expect(events[1].kind == .overdue90 && events[1].bankCode == nil && events[1].reference == nil)
        let march4 = try CalendarDate(parsing: "2024-03-04")
        #expect(events[2].kind == .restructured && events[2].bankCode == "ICBC" && events[2].date == march4)
        // Without the optional columns, in another order.
        let bare = try Self.events("2025-05-05,written_off,\(Self.firmA)", header: "event_date,event,uscc").compactMap(
            \.value)
        #expect(
            bare == [
                CreditEvent(
                    uscc: try USCC(Self.firmA), kind: .writtenOff, date: try CalendarDate(parsing: "2025-05-05"))
            ])
    }

    @Test func aMissingRequiredColumnFailsTheFile() {
        #expect(throws: IngestError.self) { try Self.events("\(Self.firmA),default", header: "uscc,event") }
    }

    /// One row per reason, by hand: (line, field, reason) counting the header as line 1.
    @Test func everyRowRejectNamesLineFieldAndReason() throws {
        let rows = try Self.events(
            """
            91500112MA5U00001X,default,2025-01-01,CQRCB,R1
            91500112MA5U00002L,default,2025-01-01,CQRCB,R2
            \(Self.firmA),bankrupt,2025-01-01,CQRCB,R3
            \(Self.firmA),default,2025-02-30,CQRCB,R4
            \(Self.firmA),default,2026-07-01,CQRCB,R5
            \(Self.firmA),default,2025-01-01,CQ-RCB,R6
            \(Self.firmA),default,2025-01-01,CQRCB\u{7}X,R7
            \(Self.firmA),default,2025-01-01,CQRCB,\(String(repeating: "参", count: 129))
            \(Self.firmA),default,2025-01-01,CQRCBCQRCBCQRCB17,R9
            \(Self.firmA),,2025-01-01,CQRCB,R10
            \(Self.firmA),default,2025-01-01
            """)
        let got = rows.map { r in r.reject.map { "\($0.line) \($0.field) \($0.reason.code)" } ?? "ok" }
        #expect(
            got == [
                "2 uscc invalid_uscc", "3 uscc unknown_firm", "4 event invalid_code", "5 event_date invalid_date",
                "6 event_date future_date", "7 bank invalid_code", "8 bank invalid_text", "9 reference too_long",
                "10 bank too_long", "11 event missing_value", "12 * wrong_field_count",
            ])
        #expect(rows[2].reject?.message.contains("not one of default, overdue_90, restructured, written_off") == true)
        #expect(rows[4].reject?.message == "event_date 2026-07-01 is after today (2026-06-30, China Standard Time)")
        #expect(rows[6].reject?.raw.contains("\\u0007") == true, "control characters are escaped in the stored row")
    }
}
