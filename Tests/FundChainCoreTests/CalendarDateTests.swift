import Testing

@testable import FundChainCore

@Suite struct CalendarDateTests {
    @Test func parsesAndFormats() throws {
        #expect(try CalendarDate(parsing: "2024-02-29").description == "2024-02-29")
        #expect(try CalendarDate(parsing: "2024-02-29T10:15:00+08:00") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(try CalendarDate(parsing: "20240131") == CalendarDate(year: 2024, month: 1, day: 31))
        #expect(throws: CalendarDate.ParseError.self) { try CalendarDate(parsing: "2023-02-29") }
        #expect(throws: CalendarDate.ParseError.self) { try CalendarDate(parsing: "2023-13-01") }
        #expect(throws: CalendarDate.ParseError.self) { try CalendarDate(parsing: "2023/01/01") }
        #expect(throws: CalendarDate.ParseError.self) { try CalendarDate(parsing: "") }
    }

    @Test func epochArithmetic() throws {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
        #expect(CalendarDate(daysSinceEpoch: 19_723) == CalendarDate(year: 2024, month: 1, day: 1))
        #expect(CalendarDate(year: 2024, month: 1, day: 1)!.weekday == 0)  // a Monday
        #expect(
            CalendarDate(year: 2024, month: 1, day: 31)!.addingMonths(1) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(
            CalendarDate(monthIndex: CalendarDate(year: 1969, month: 12, day: 5)!.monthIndex)
                == CalendarDate(year: 1969, month: 12, day: 1))
    }
}
