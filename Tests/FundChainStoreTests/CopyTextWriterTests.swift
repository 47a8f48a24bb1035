import FundChainCore
import NIOCore
import Testing

@testable import FundChainStore

@Suite struct CopyTextWriterTests {
    @Test func escapesNullsDatesAndNumbersAsPostgresTextFormatExpects() throws {
        var writer = CopyTextWriter(capacity: 16)
        writer.text("a\\b\tc\nd\re")
        writer.text(nil)
        writer.text("重庆")
        writer.date(try #require(CalendarDate(year: 987, month: 3, day: 4)))
        writer.date(try #require(CalendarDate(year: 2025, month: 12, day: 31)))
        writer.integer(Int64(-1230))
        writer.bool(true)
        writer.endRow()
        writer.text("")
        writer.endRow()
        // By hand, from the COPY text format: tab between columns, \N for NULL, backslash escapes.
        #expect(String(buffer: writer.buffer) == "a\\\\b\\tc\\nd\\re\t\\N\t重庆\t0987-03-04\t2025-12-31\t-1230\tt\n\n")
    }
}
