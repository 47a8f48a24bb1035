import Testing

@testable import FundChainIngest

@Suite struct CSVParserTests {
    /// Parses `text` fed in chunks of `chunk` bytes, returning (line, fields) per record.
    func parse(_ text: String, chunk: Int = 1 << 20) throws -> [(Int, [String])] {
        var parser = CSVParser()
        var out: [(Int, [String])] = []
        let bytes = Array(text.utf8)
        var i = 0
        repeat {
            let part = Array(bytes[i..<min(i + chunk, bytes.count)])
            try part.withUnsafeBytes { buf in
                try parser.feed(buf) { row in out.append((row.line, (0..<row.count).map(row.string))) }
            }
            i += chunk
        } while i < bytes.count
        try parser.finish { row in out.append((row.line, (0..<row.count).map(row.string))) }
        return out
    }

    @Test(arguments: [1, 2, 3, 7, 1 << 20])
    func quotedFieldsCRLFAndBOM(chunk: Int) throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\"multi\nline\",,\n\nlast,row,end"
        let rows = try parse(text, chunk: chunk)
        #expect(
            rows.map(\.1) == [
                ["a", "b", "c"], ["1", "x, \"y\"", "3"], ["multi\nline", "", ""], ["last", "row", "end"],
            ])
        #expect(rows.map(\.0) == [1, 2, 3, 6])
    }

    /// A record's `raw` is the record as written, whichever of its fields are quoted and
    /// wherever the chunks split it: quoted first, middle or last fields, doubled quotes, line
    /// breaks, separators and quotes inside fields, empty fields.
    @Test(arguments: [1, 2, 5, 1 << 20])
    func rawIsTheRecordAsWritten(chunk: Int) throws {
        let records = [
            "a,b,c", "1,\"x, \"\"y\"\"\",3", "\"multi\nline\",,", "\"q\",plain", "plain,\"q\"", ",,",
            "un\"quoted,quote\"s", "ICBC,************0001,N1,2025-01-05,D,1.00,CNY,,x,,,", "\"\"",
        ]
        var parser = CSVParser()
        var raws: [String] = []
        let bytes = Array(records.joined(separator: "\r\n").utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            try Array(bytes[start..<min(start + chunk, bytes.count)]).withUnsafeBytes { part in
                try parser.feed(part) { raws.append($0.rawText) }
            }
        }
        try parser.finish { raws.append($0.rawText) }
        #expect(raws == records)
    }

    @Test func unterminatedQuoteNamesTheLine() {
        #expect(throws: CSVParser.ParseError(line: 2, message: "unterminated quoted field")) {
            try parse("a,b\n\"open,2\n")
        }
    }

    @Test func characterAfterClosingQuoteIsAnError() {
        #expect(throws: CSVParser.ParseError(line: 1, message: "unexpected character after a closing quote")) {
            try parse("\"a\"b,c\n")
        }
    }

    @Test func tinyInputsWithoutBOM() throws {
        #expect(try parse("a").map(\.1) == [["a"]])
        #expect(try parse("").isEmpty)
        #expect(try parse("\u{FEFF}").isEmpty)
    }
}
