import FundChainCore
import Testing

@testable import FundChainIngest

/// camt.053 parsing against public samples (expected values from OCA's golden parses, read by
/// hand) and against our own files covering versions 001.02 … 001.08.
@Suite struct Camt053ParserTests {
    func money(_ fen: Int64) -> Money { Money(fen: fen) }

    @Test(arguments: [1, 7, 64, 1 << 20])
    func ocaSampleEntriesCounterpartiesAndAMismatchedBalance(chunk: Int) throws {
        let p = try StatementFixtures.parse(file: "oca-test-camt053.xml", chunk: chunk)
        #expect(p.rejects.isEmpty)
        // golden-camt053.pydata: -754.25, -564.05, -100.0, 1405.31 (the batch of 664.05 split in two).
        #expect(p.lines.map(\.amount) == [money(75_425), money(56_405), money(10_000), money(140_531)])
        #expect(p.lines.map(\.direction) == [.debit, .debit, .debit, .credit])
        #expect(p.lines.allSatisfy { $0.bookingDate.description == "2014-01-05" && $0.currency.code == "EUR" })
        #expect(p.lines.allSatisfy { $0.account == "NL77ABNA0574908765" && $0.bankCode == "ABNANL2A" })
        #expect(
            p.lines.map(\.counterpartyAccount) == [
                "NL46ABNA0499998748", "NL46ABNA0499998748", "NL46ABNA0499998748", "NL69ABNA0522123643",
            ])
        #expect(
            p.lines.map(\.counterpartyName) == [
                "INSURANCE COMPANY TESTX", "Test Customer", "Test Customer", "3rd party Media",
            ])
        #expect(
            p.lines.map(\.endToEndID) == [
                "435005714488-ABNO33052620", "TESTBANK/NL/20141229/01206408", "TESTBANK/NL/20141229/01206407", "115",
            ])
        #expect(p.lines.map(\.detailIndex) == [nil, 1, 2, nil])
        #expect(p.lines[1].isReversal && !p.lines[0].isReversal)
        #expect(p.lines[0].purpose == "Insurance policy 857239PERIOD 01.01.2014 - 31.12.2014")
        #expect(p.lines[3].purpose == "#RD PARTY MEDIA CUSNO 90782 4210773")
        #expect(p.lines.map(\.line) == [50, 144, 185, 228])
        // 15568.27 − 754.25 − 664.05 + 1405.31 = 15555.28, but the closing balance is 15121.12.
        let s = try #require(p.statements.first)
        #expect(p.statements.count == 1 && s.statementID == "1234Test/1" && s.entries == 3)
        #expect(s.status == .mismatch && s.expectedClosing == money(1_555_528) && s.closing == money(1_512_112))
        #expect(s.difference == money(-43_416))
    }

    @Test func batchEntryWithPerDetailAmountsBecomesOneLinePerDetail() throws {
        let p = try StatementFixtures.parse(file: "oca-test-camt053-txdtls.xml")
        // golden-camt053-txdtls.pydata: 2187.0 and 1296.0 from one entry of 3483.00.
        #expect(p.lines.map(\.amount) == [money(218_700), money(129_600)])
        #expect(p.lines.allSatisfy { $0.direction == .credit && $0.currency.code == "CHF" && $0.bankCode == nil })
        #expect(p.lines.map(\.counterpartyAccount) == ["CH2222000000123456789", "CH3333000000123456789"])
        #expect(p.lines.map(\.counterpartyBank) == ["POFICHBE", "POFICHBEYYY"])
        #expect(p.lines.map(\.purpose) == ["302388292000011111111111111", "302388292000022222222222222"])
        // Both details carry the same AcctSvcrRef: the entry's reference plus the detail's position.
        #expect(
            p.lines.map(\.bankReference) == [
                "20170323001234567891234567891234/1", "20170323001234567891234567891234/2",
            ])
        let s = try #require(p.statements.first)
        #expect(s.status == .balanced && s.opening == money(7_596_015) && s.closing == money(7_944_315))
    }

    @Test func statementWithoutEntriesReconcilesOnItsBalances() throws {
        let p = try StatementFixtures.parse(file: "oca-test-camt053-no-ntry.xml")
        #expect(p.lines.isEmpty && p.rejects.isEmpty)
        #expect(p.statements.map(\.status) == [.balanced])
    }

    /// Our own statements, one per version; entries worked out by hand in make-own-statements.py.
    @Test(arguments: [
        ("own-camt053-v02-icbc.xml", ["I1", "I2"], [100_000, 500_000] as [Int64], "ICBKCNBJ"),
        ("own-camt053-v04-ccb.xml", ["C1", "C2", "C3"], [100_000, 30_050, 20_000], "PCBCCNBJ"),
        ("own-camt053-v06-cqrb.xml", ["R1", "R2"], [30_050, 8_025], "CQRBCNBC"),
        ("own-camt053-v08-cqcb.xml", ["Q1"], [20_000], "CQCBCNBC"),
    ])
    func everyVersionReadsTheSameFields(file: String, refs: [String], amounts: [Int64], bank: String) throws {
        let p = try StatementFixtures.parse(file: file)
        #expect(p.rejects.isEmpty)
        #expect(p.lines.map(\.bankReference) == refs)
        #expect(p.lines.map(\.amount.fen) == amounts)
        #expect(
            p.lines.allSatisfy { $0.bankCode == bank && $0.counterpartyAccount != nil && $0.counterpartyName != nil })
        #expect(p.statements.map(\.status) == [.balanced])
    }

    @Test(arguments: [("own-camt053-v02-icbc.xml", "001.02"), ("own-camt053-v07-minified.xml", "001.07")])
    func theVersionComesFromTheNamespace(file: String, version: String) throws {
        var parser = Camt053Parser(file: file)
        let bytes = try StatementFixtures.bytes(file)
        try bytes.withUnsafeBytes { buf in try parser.feed(buf) { _ in } }
        #expect(parser.version == version)
    }

    @Test func ownV04BatchSplitsIntoItsDetailsWithTheirCounterparties() throws {
        let p = try StatementFixtures.parse(file: "own-camt053-v04-ccb.xml")
        #expect(p.lines.map(\.counterpartyAccount) == ["6222000000000001", "6230000000000003", "6231000000000004"])
        #expect(p.lines.map(\.counterpartyBank) == ["ICBKCNBJ", "CQRBCNBC", "CQCBCNBC"])
        #expect(p.lines.map(\.purpose) == ["货款", "运费", "内部调拨"])
        #expect(p.lines.map(\.detailIndex) == [nil, 1, 2])
        #expect(p.lines.map(\.bookingDate.description) == ["2025-01-05", "2025-02-10", "2025-02-10"])
    }

    @Test func ownV08NamesThePartyInsidePty() throws {
        let p = try StatementFixtures.parse(file: "own-camt053-v08-cqcb.xml")
        #expect(p.lines.map(\.counterpartyName) == ["乙"])
    }

    @Test func pendingEntriesAreSkippedAndBatchesSplitOnEndToEndIds() throws {
        let p = try StatementFixtures.parse(file: "own-camt053-v03-features.xml")
        #expect(p.lines.map(\.amount.fen) == [10_000, 3_000, 2_000])
        #expect(p.lines.map(\.endToEndID) == ["E-0", "E-1", "E-2"])
        #expect(p.lines.map(\.bankReference) == ["A1", nil, nil])
        let s = try #require(p.statements.first)
        // 1000.00 + 100.00 − 50.00 = 1050.00; the pending 50.00 is neither loaded nor counted.
        #expect(s.status == .balanced && s.notBooked == 1 && s.entries == 2)
    }

    @Test func previousClosingOpensAndUnbalancedDetailsKeepTheEntryWhole() throws {
        let p = try StatementFixtures.parse(file: "own-camt053-v05-features.xml")
        #expect(p.lines.map(\.amount.fen) == [1_234, 100] && p.lines.map(\.detailIndex) == [nil, nil])
        #expect(p.lines[0].isReversal && p.lines.allSatisfy { $0.bankCode == nil })
        let s = try #require(p.statements.first)
        // −20.00 + 12.34 + 1.00 = −6.66.
        #expect(s.status == .balanced && s.opening == money(-2_000) && s.closing == money(-666))
    }

    @Test func minifiedFileWithDateTimes() throws {
        let p = try StatementFixtures.parse(file: "own-camt053-v07-minified.xml", chunk: 5)
        #expect(p.lines.map(\.line) == [1, 1])
        #expect(p.lines.map(\.bookingDate.description) == ["2025-07-01", "2025-07-02"])
        #expect(
            p.lines.map(\.location) == [
                "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]",
            ])
    }

    /// A domestic statement names banks by CNAPS code or another id, not a BIC: read in the order
    /// BIC, `ClrSysMmbId/MmbId`, `Othr/Id` (issue 17: before, the bank was left empty).
    @Test(arguments: [
        (
            "<BIC>ICBKCNBJCQG</BIC><ClrSysMmbId><ClrSysId><Cd>CNAPS</Cd></ClrSysId><MmbId>102653000010</MmbId></ClrSysMmbId>",
            "ICBKCNBJCQG"
        ),
        (
            "<ClrSysMmbId><ClrSysId><Cd>CNAPS</Cd></ClrSysId><MmbId>102653000010</MmbId></ClrSysMmbId><Othr><Id>ICBC-CQ</Id></Othr>",
            "102653000010"
        ),
        ("<Othr><Id>CQRCB</Id></Othr>", "CQRCB"),
    ])
    func servicerAndAgentsWithoutABICAreNamedByTheirOtherIdentifiers(institution: String, code: String) throws {
        let text = Self.document(
            """
            <Ntry><Amt Ccy="CNY">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt>
              <AcctSvcrRef>R1</AcctSvcrRef>
              <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>甲公司</Nm></Dbtr></RltdPties>
                <RltdAgts><DbtrAgt><FinInstnId>\(institution)</FinInstnId></DbtrAgt></RltdAgts></TxDtls></NtryDtls></Ntry>
            """
        )
        .replacingOccurrences(
            of: "</IBAN></Id></Acct>", with: "</IBAN></Id><Svcr><FinInstnId>\(institution)</FinInstnId></Svcr></Acct>")
        let p = try StatementFixtures.parse(text, format: .camt053)
        let line = try #require(p.lines.first)
        #expect(line.bankCode == code && line.counterpartyBank == code)
    }

    // MARK: bad input

    static func document(_ entries: String, namespace: String = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02")
        -> String
    {
        """
        <?xml version="1.0"?>
        <Document xmlns="\(namespace)">
          <BkToCstmrStmt>
            <Stmt>
              <Id>S1</Id>
              <Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct>
        \(entries)
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """
    }

    func expectError(_ text: String, code: IngestError.Code, line: Int, field: String? = nil, message: String) {
        do {
            _ = try StatementFixtures.parse(text, format: .camt053)
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.line == line)
            if let field { #expect(error.field == field) }
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func malformedXMLNamesLineAndXPath() {
        let text = Self.document("      <Ntry><Amt Ccy=\"CHF\">1.00</Ccy></Ntry>")
        expectError(
            text, code: .malformed, line: 7, field: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt",
            message: "</Ccy> does not close <Amt>")
        expectError(
            String(Self.document("").prefix(120)), code: .malformed, line: 5, message: "the file ends inside <Stmt>")
        expectError(
            "<!DOCTYPE x [<!ENTITY a \"b\">]><Document/>", code: .malformed, line: 1, message: "DOCTYPE")
        expectError(Self.document("<Ntry>&nbsp;</Ntry>"), code: .malformed, line: 7, message: "unknown entity '&nbsp;'")
        expectError(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Document/>", code: .malformed, line: 1,
            message: "encoding 'iso-8859-1' is not supported")
    }

    @Test func textThatIsNotUTF8IsRefused() {
        var bytes = Array(Self.document("<Ntry><AddtlNtryInf>caf#</AddtlNtryInf></Ntry>").utf8)
        bytes[bytes.firstIndex(of: UInt8(ascii: "#"))!] = 0xE9  // Latin-1 é
        #expect {
            try StatementFixtures.parse(bytes, format: .camt053)
        } throws: { error in
            let e = error as! IngestError
            return e.code == .malformed && e.line == 7 && e.message.contains("not valid UTF-8")
        }
    }

    @Test func wrongNamespaceOrRootIsRefused() {
        expectError(
            Self.document("", namespace: "urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"), code: .unknownFormat,
            line: 2,
            field: "/Document/@xmlns", message: "is not camt.053.001.02")
        expectError(
            Self.document("", namespace: "urn:iso:std:iso:20022:tech:xsd:camt.053.001.01"), code: .unknownFormat,
            line: 2,
            message: "camt.053.001.01")
        expectError("<BkToCstmrStmt/>", code: .unknownFormat, line: 1, message: "not a camt.053 <Document>")
    }

    @Test func prefixedElementsUseTheirPrefixesNamespace() throws {
        let text = """
            <c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.05"><c:BkToCstmrStmt><c:Stmt><c:Id>P</c:Id>
            <c:Acct><c:Id><c:IBAN>CH9300762011623852957</c:IBAN></c:Id></c:Acct>
            <c:Ntry><c:Amt Ccy="CHF">2.50</c:Amt><c:CdtDbtInd>DBIT</c:CdtDbtInd><c:Sts>BOOK</c:Sts>
            <c:BookgDt><c:Dt>2025-01-02</c:Dt></c:BookgDt><c:AcctSvcrRef>X&amp;Y</c:AcctSvcrRef></c:Ntry>
            </c:Stmt></c:BkToCstmrStmt></c:Document>
            """
        let p = try StatementFixtures.parse(text, format: .camt053)
        #expect(p.lines.map(\.amount.fen) == [250] && p.lines.map(\.bankReference) == ["X&Y"])
    }

    @Test func entriesMissingMandatoryFieldsOrWithWrongDecimalsAreRejectedWithTheirXPath() throws {
        let entries = """
                  <Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
                  <Ntry><Amt Ccy="CHF">1.00</Amt><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
                  <Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>
                  <Ntry><Amt Ccy="JPY">100.5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
                  <Ntry><Amt Ccy="CNY">1.234</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
                  <Ntry><Amt Ccy="CNY">0.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
                  <Ntry><Amt>5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
                  <Ntry><Amt Ccy="CHF">7.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>
            """
        let p = try StatementFixtures.parse(Self.document(entries), format: .camt053)
        let base = "/Document/BkToCstmrStmt/Stmt[1]/Ntry["
        #expect(
            p.rejects.map(\.field) == [
                base + "1]/Amt", base + "2]/CdtDbtInd", base + "3]/BookgDt", base + "4]/Amt", base + "5]/Amt",
                base + "6]/Amt", base + "7]/Amt",
            ])
        #expect(
            p.rejects.map(\.reason) == [
                .missingValue, .invalidDirection, .missingValue, .tooManyDecimals, .tooManyDecimals, .nonPositiveAmount,
                .invalidCurrency,
            ])
        #expect(p.rejects.map(\.line) == [7, 8, 9, 10, 11, 12, 13])
        #expect(p.lines.map(\.amount.fen) == [700])
        // The balance check cannot be made when amounts are unreadable.
        #expect(p.statements.first?.status == .unchecked)
    }

    @Test func aStatementWithoutAccountRejectsItsEntries() throws {
        let text = Self.document(
            "<Ntry><Amt Ccy=\"CHF\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt></Ntry>"
        ).replacingOccurrences(of: "<Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct>", with: "")
        let p = try StatementFixtures.parse(text, format: .camt053)
        #expect(p.rejects.map(\.reason) == [.missingValue] && p.rejects[0].field.hasSuffix("Ntry[1]/../Acct/Id"))
    }
}
