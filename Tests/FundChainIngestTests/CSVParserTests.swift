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
