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

    /// `CopyRow`, the one-reservation row writer ingest uses, writes what the per-call methods
    /// write, for every kind of value, and rows follow each other in the buffer.
    @Test func rowWriterWritesWhatTheColumnMethodsWrite() throws {
        let texts: [String?] = ["a\\b\tc\nd\re", nil, "重庆", "", "\\\\", "plain"]
        let integers: [Int64] = [0, 7, -1230, Int64.max, Int64.min]
        let date = try #require(CalendarDate(year: 987, month: 3, day: 4))
        var columns = CopyTextWriter(capacity: 16)
        var rows = CopyTextWriter(capacity: 16)
        for _ in 0..<2 {
            for t in texts { columns.text(t) }
            for i in integers { columns.integer(i) }
            columns.date(date)
            columns.endRow()
            let bound =
                texts.reduce(0) { $0 + CopyRow.bound(text: $1?.utf8.count) } + integers.count * CopyRow.integerBound
                + CopyRow.dateBound + 1
            let range = rows.row(maximumBytes: bound) { r in
                for t in texts { r.text(t) }
                for i in integers { r.integer(i) }
                r.date(date)
            }
            #expect(range.upperBound == rows.buffer.writerIndex)
        }
        #expect(String(buffer: rows.buffer) == String(buffer: columns.buffer))
        #expect(String(buffer: rows.buffer).hasSuffix("\t9223372036854775807\t-9223372036854775808\t0987-03-04\n"))
    }
}
