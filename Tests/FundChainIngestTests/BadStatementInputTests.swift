import FundChainCore
import Testing

@testable import FundChainIngest

/// camt.053 and MT940 under issue 14 part 6: control characters and invalid UTF-8 are
/// `invalid_text` rejects, amounts are capped, nesting, text and continuation lines are bounded,
/// balance sums are overflow-checked. Expected values are worked out by hand from the texts.
@Suite struct BadStatementInputTests {
    static let mt940 = """
        :20:ICBC250331
        :25:ICBKCNBJ/6222000000000001
        :28C:1/1
        :60F:C250101CNY10000,00
        :61:2501050105D1000,00NTRFNONREF//I1
        /CP/6222000000000001
        :86:166?00UEBERWEISUNG?20EREF+PAY-2025-001?21SVWZ+GOODS?30PCBCCNBJ
        ?316227000000000002?32B#
        :61:2502110211C5000,NTRFNONREF//I2
        :86:166?00GUTSCHRIFT?20SVWZ+SALES?30BKCHCNBJ?319999000011112222?32C
        :62F:C250331CNY14000,00

        """

    @Test func mt940InvalidUTF8AndControlCharactersAreInvalidTextRejects() throws {
        var bytes = Array(Self.mt940.replacingOccurrences(of: "SVWZ+SALES", with: "SVWZ+SA\u{0}LES").utf8)
        bytes[bytes.firstIndex(of: UInt8(ascii: "#"))!] = 0xFF  // not UTF-8 (was silently turned into '?')
        let p = try StatementFixtures.parse(bytes, format: .mt940)
        #expect(p.lines.isEmpty)
        #expect(p.rejects.map(\.reason) == [.invalidText, .invalidText])
        #expect(p.rejects.map(\.field) == [":86:", ":86:"] && p.rejects.map(\.line) == [5, 9])
        #expect(p.rejects[0].message == "line 8 is not valid UTF-8")
        #expect(p.rejects[1].message == "line 10 holds the control character \\u0000")
        // The :61: line and its supplementary details, account numbers masked wherever they are.
        #expect(p.rejects[0].raw == ":61:******0105D1000,00NTRFNONREF//I1 /CP/************0001")
        // The amounts were readable, so the balance still checks: 10000 − 1000 + 5000 = 14000.
        #expect(p.statements.map(\.status) == [.balanced])
    }

    @Test func mt940ControlCharacterInTheStatementsOwnFieldsRejectsEveryEntry() throws {
        let p = try StatementFixtures.parse(
            Self.mt940.replacingOccurrences(of: ":20:ICBC250331", with: ":20:ICBC\u{1}250331"), format: .mt940)
        #expect(p.lines.isEmpty && p.rejects.map(\.field) == [":20:", ":20:"])
        #expect(p.rejects.allSatisfy { $0.reason == .invalidText && $0.message.contains("\\u0001") })
    }

    @Test func mt940AmountAboveTheCapIsRejected() throws {
        let p = try StatementFixtures.parse(
            Self.mt940.replacingOccurrences(of: "D1000,00NTRF", with: "D10000000000000,01NTRF"), format: .mt940)
        #expect(p.rejects.map(\.reason) == [.amountTooLarge] && p.rejects[0].field == ":61:/amount")
        #expect(p.lines.map(\.bankReference) == ["I2"] && p.statements.map(\.status) == [.unchecked])
    }

    func expectMT940Error(_ text: String, line: Int, field: String, message: String) {
        #expect {
            try StatementFixtures.parse(text, format: .mt940)
        } throws: { error in
            let e = error as! IngestError
            return e.code == .malformed && e.line == line && e.field == field && e.message.contains(message)
        }
    }

    @Test func mt940ContinuationLinesAreBounded() {
        // :86: on line 7 and 100 continuation lines: the 101st line of the field (line 107) is one too many.
        let many = Self.mt940.replacingOccurrences(
            of: "?32B#\n", with: "?32B#\n" + String(repeating: "?20MORE\n", count: 100))
        expectMT940Error(many, line: 107, field: ":86:", message: "from line 7 has more than 100 lines or 65536 bytes")
        // Two continuation lines of 40,000 bytes (lines 9 and 10): past 64 KiB on line 10.
        let long = Self.mt940.replacingOccurrences(
            of: "?32B#\n", with: "?32B#\n" + String(repeating: String(repeating: "x", count: 40_000) + "\n", count: 2))
        expectMT940Error(long, line: 10, field: ":86:", message: "has more than 100 lines or 65536 bytes")
        // Many :86: fields after one :61: count together: 1 + 4 × 30 lines > 100.
        let fields = String(repeating: ":86:X\n" + String(repeating: "?20MORE\n", count: 29), count: 4)
        let split = Self.mt940.replacingOccurrences(of: ":61:2502110211C", with: fields + ":61:2502110211C")
        expectMT940Error(split, line: 129, field: ":61:", message: "from line 5 has more than 100 lines")
    }

    static let entries = """
              <Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>A&#0;B</Nm></Dbtr></RltdPties></TxDtls></NtryDtls></Ntry>
              <Ntry><Amt Ccy="CHF">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>x&#x1;</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
              <Ntry><Amt Ccy="CHF">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt><AddtlNtryInf>raw\u{0}byte</AddtlNtryInf></Ntry>
              <Ntry><Amt Ccy="CHF">4.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt><AddtlNtryInf>tab\there</AddtlNtryInf></Ntry>
              <Ntry><Amt Ccy="CHF">10000000000000.01</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
        """

    @Test func camtControlCharactersAndHugeAmountsAreRejectsNamingTheirElement() throws {
        let p = try StatementFixtures.parse(Camt053ParserTests.document(Self.entries), format: .camt053)
        let base = "/Document/BkToCstmrStmt/Stmt[1]/Ntry["
        #expect(p.rejects.map(\.reason) == [.invalidText, .invalidText, .invalidText, .amountTooLarge])
        #expect(
            p.rejects.map(\.field) == [
                base + "1]/NtryDtls/TxDtls[1]/RltdPties/Dbtr/Nm", base + "2]/NtryDtls/TxDtls[1]/RmtInf/Ustrd",
                base + "3]/AddtlNtryInf", base + "5]/Amt",
            ])
        #expect(p.rejects.map(\.line) == [7, 8, 9, 11])
        #expect(p.rejects[0].message.hasSuffix("(line 7) holds the control character \\u0000"))
        #expect(p.rejects[1].message.hasSuffix("(line 8) holds the control character \\u0001"))
        #expect(p.rejects.allSatisfy { !$0.raw.utf8.contains(0) && !$0.message.utf8.contains(0) })
        #expect(p.lines.map(\.amount.fen) == [400] && p.lines[0].purpose == "tab\there")
    }

    @Test func camtControlCharacterInTheStatementRejectsItsEntries() throws {
        let text = Camt053ParserTests.document(Self.entries).replacingOccurrences(
            of: "<Id>S1</Id>", with: "<Id>S&#1;1</Id>")
        let p = try StatementFixtures.parse(text, format: .camt053)
        #expect(p.lines.isEmpty && p.rejects.count == 5)
        #expect(
            p.rejects[3].field
                == "/Document/BkToCstmrStmt/Stmt[1]/Ntry[4] (statement: /Document/BkToCstmrStmt/Stmt[1]/Id)")
        #expect(p.rejects.allSatisfy { $0.reason == .invalidText })
    }

    @Test func xmlNestingDeeperThan64IsAnError() throws {
        func tokenize(depth: Int) throws {
            var t = XMLTokenizer()
            let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
            try Array(text.utf8).withUnsafeBytes { try t.feed($0) { _, _ in } }
            try t.finish { _, _ in }
        }
        try tokenize(depth: 64)
        #expect { try tokenize(depth: 65) } throws: {
            ($0 as? XMLTokenizer.ParseError)?.message == "elements are nested deeper than 64 levels (<a>)"
        }
        // Document, BkToCstmrStmt, Stmt, Ntry and 60 more make 64; the 61st inside Ntry is one too deep.
        let deep = Camt053ParserTests.document(
            "<Ntry>" + String(repeating: "<X>", count: 61) + String(repeating: "</X>", count: 61) + "</Ntry>")
        #expect {
            try StatementFixtures.parse(deep, format: .camt053)
        } throws: { error in
            let e = error as! IngestError
            return e.code == .malformed && e.line == 7 && e.message.contains("nested deeper than 64")
        }
    }

    @Test func camtTextAndDetailsPerEntryAreBounded() {
        let details = Camt053ParserTests.document(
            "<Ntry><NtryDtls>" + String(repeating: "<TxDtls/>", count: 10_001) + "</NtryDtls></Ntry>")
        #expect {
            try StatementFixtures.parse(details, format: .camt053)
        } throws: { ($0 as! IngestError).message.contains("more than 10000 transaction details") }
        // Text split by comments into 1 MiB tokens still adds up to one element's text.
        let piece = String(repeating: "a", count: 1 << 20) + "<!---->"
        let text = Camt053ParserTests.document(
            "<Ntry><AddtlNtryInf>" + String(repeating: piece, count: 17) + "</AddtlNtryInf></Ntry>")
        #expect {
            try StatementFixtures.parse(text, format: .camt053)
        } throws: { ($0 as! IngestError).message.contains("longer than 16777216 bytes") }
    }

    @Test func reconciliationSumsThatOverflowAreUncheckedNotWrong() {
        let half = Money(fen: Int64.max / 2 + 1)  // 4,611,686,018,427,387,904 fen: two of them leave Int64
        var r = StatementReconciliation(statementID: "S", account: "A", line: 1)
        r.opening = .zero
        r.closing = .zero
        r.add(.credit, half)
        r.add(.credit, half)
        #expect(r.overflowed && r.credits == half && r.status == .unchecked && r.expectedClosing == nil)
        #expect(r.description.contains("the sums exceed the Int64 range"))
        // A difference that itself leaves Int64: opening −max, closing +max, no entries.
        var d = StatementReconciliation(statementID: "D", account: "A", line: 1)
        d.opening = Money(fen: -Int64.max)
        d.closing = Money(fen: Int64.max)
        #expect(d.difference == nil && d.status == .unchecked)
    }
}
