import FundChainCore
import Testing

@testable import FundChainIngest

/// MT940 parsing against wolph/mt940's samples (expected values from its .yml parses, read by
/// hand; balances added up by hand) and our own files for the :86: dialects.
@Suite struct MT940ParserTests {
    @Test(arguments: [1, 3, 1 << 20])
    func cmxlSampleHasThreeBalancedStatementsAndStructuredSubfields(chunk: Int) throws {
        let p = try StatementFixtures.parse(file: "wolph-cmxl-mt940.sta", chunk: chunk)
        #expect(p.rejects.isEmpty)
        #expect(p.statements.map(\.status) == [.balanced, .balanced, .balanced])
        #expect(p.statements.map(\.entries) == [11, 2, 3])
        // First entry: 131017D6800,NCHK16703074 → 6800.00 DEM debit on 2013-10-17.
        let first = try #require(p.lines.first)
        #expect(first.amount == Money(fen: 680_000) && first.direction == .debit && first.currency.code == "DEM")
        #expect(
            first.bookingDate.description == "2013-10-17" && first.account == "76198810" && first.bankCode == "45050050"
        )
        // :25:10020030/1234567; :86:008?00DAUERAUFTRAG?100599?20Miete November?3010020030?31234567?32MUELLER
        // (wolph: applicant_bin 10020030, applicant_iban 234567, applicant_name MUELLER).
        let rent = p.lines[11]
        #expect(rent.account == "1234567" && rent.bankCode == "10020030" && rent.bankReference == "55555")
        #expect(
            rent.counterpartyBank == "10020030" && rent.counterpartyAccount == "234567"
                && rent.counterpartyName == "MUELLER")
        #expect(rent.purpose == "Miete November" && rent.amount == Money(fen: 80_000) && rent.direction == .debit)
        // 0211011102: value date 2002-11-01, entry date 11-02.
        #expect(rent.valueDate?.description == "2002-11-01" && rent.bookingDate.description == "2002-11-02")
        // A Polish bank's dialect with a leading space and the IBAN in ?38.
        let polish = p.lines[13]
        #expect(polish.counterpartyAccount == "PL08106000760000777777777777" && polish.bankCode == "BPHKPLPK")
        #expect(polish.counterpartyName == "HUTA SZKLA TOPIC ULPRZEMYSLOWA 67 32-669 WROCLAW")
    }

    @Test func sepaSampleReversalsAndEndToEndIds() throws {
        let p = try StatementFixtures.parse(file: "wolph-betterplace-sepa_mt9401.sta")
        #expect(p.rejects.isEmpty && p.statements.count == 26)
        #expect(p.statements.allSatisfy { $0.status == .balanced })
        // :61:0709040904RCR204,88NRTINONREF is a reversed credit: money out.
        let reversal = p.lines[5]
        #expect(reversal.isReversal && reversal.direction == .debit && reversal.amount == Money(fen: 20_488))
        // ?20EREF+TFNR 40005 00005 and the bank reference after //.
        #expect(p.lines[0].endToEndID == "TFNR 40005 00005" && p.lines[0].bankReference == "0724710345313905")
        #expect(p.lines[0].purpose == "MTLG:Grund nicht spezifiziert Reject aus SEPA-Ueberweisungsauftrag")
    }

    @Test func abnAmroIngRabobankSberbankAndGeneric() throws {
        let abn = try StatementFixtures.parse(file: "wolph-jejik-abnamro.sta")
        // 3236.28 − 321.44 = 2914.84 ≠ 876.84 and 2876.84 − 24.49 = 2852.35 ≠ 1849.75 (edited upstream).
        #expect(abn.lines.count == 10 && abn.statements.map(\.status) == [.mismatch, .mismatch])
        #expect(abn.statements.map(\.expectedClosing) == [Money(fen: 291_484), Money(fen: 285_235)])
        #expect(
            abn.lines[0].amount == Money(fen: 900) && abn.lines[0].bankCode == nil
                && abn.lines[0].account == "517852257")
        #expect(abn.lines[0].purpose?.hasPrefix("GIRO   428428 KPN - DIGITENNE") == true)

        let ing = try StatementFixtures.parse(file: "wolph-jejik-ing.sta")
        #expect(ing.lines.count == 7 && ing.lines.map(\.direction).filter { $0 == .credit }.count == 2)
        #expect(
            ing.statements.count == 1 && ing.statements[0].credits == Money(fen: 468)
                && ing.statements[0].debits == Money(fen: 5_027))

        let rabo = try StatementFixtures.parse(file: "wolph-jejik-rabobank.sta")
        #expect(rabo.statements.count == 4 && rabo.lines.count == 5)
        // :25:1291.99.348EUR → 129199348; four :86: lines make one purpose.
        #expect(rabo.lines[0].account == "129199348")
        #expect(rabo.lines[0].purpose == "Terugboeking NIET AKKOORD MET AFSCHRIJVING KOSTEN KINDEROPVANG JUNI 20095731")

        let sber = try StatementFixtures.parse(file: "wolph-sberbank-171011_01234945.sta")
        // :NS: is Sberbank's own tag; 627311.30 − 2402 − 3460 − 3575 = 617874.30.
        #expect(sber.lines.map(\.amount.fen) == [240_200, 346_000, 357_500])
        #expect(sber.statements.map(\.status) == [.balanced] && sber.statements[0].closing == Money(fen: 61_787_430))

        let generic = try StatementFixtures.parse(file: "wolph-jejik-generic.sta")
        #expect(
            generic.statements.map(\.status) == [.balanced, .balanced] && generic.lines.allSatisfy { $0.purpose == nil }
        )
        let empty86 = try StatementFixtures.parse(file: "wolph-betterplace-empty_86.sta")
        #expect(empty86.lines.isEmpty && empty86.rejects.isEmpty)
    }

    /// The balances of wolph's amount_formats sample, each read alone.
    @Test func amountFormats() throws {
        let lines = String(decoding: try StatementFixtures.bytes("wolph-betterplace-amount_formats.sta"), as: UTF8.self)
            .split(whereSeparator: \.isNewline)
        let openings = try lines.map { line in
            try StatementFixtures.parse(":20:A\n:25:1\n\(line)\n", format: .mt940).statements[0].opening
        }
        #expect(openings == [38_011_512, 38_011_510, 38_011_500, 12, 12, 112].map { Money(fen: $0) })
    }

    @Test func ownStructuredAndSlashKeyDialects() throws {
        let s = try StatementFixtures.parse(file: "own-mt940-structured.sta")
        #expect(s.lines.map(\.bankReference) == ["I1", "I2", "C1", "C2", "C3"])
        #expect(s.lines.map(\.bankCode) == ["ICBKCNBJ", "ICBKCNBJ", "PCBCCNBJ", "PCBCCNBJ", "PCBCCNBJ"])
        #expect(s.lines[0].endToEndID == "PAY-2025-001" && s.lines[0].purpose == "货款")
        #expect(s.lines[0].counterpartyAccount == "6227000000000002" && s.lines[0].counterpartyBank == "PCBCCNBJ")
        #expect(s.lines[0].counterpartyName == "乙" && s.lines[1].amount == Money(fen: 500_000))
        #expect(s.statements.map(\.status) == [.balanced, .balanced])
        let k = try StatementFixtures.parse(file: "own-mt940-slashkeys.sta")
        #expect(k.lines.map(\.counterpartyAccount) == ["6227000000000002", "1111222233334444", "6227000000000002"])
        #expect(k.lines.map(\.purpose) == ["运费", "税款", "内部调拨"])
        #expect(k.lines.map(\.counterpartyName) == ["乙", "国家税务总局", "乙"] && k.lines[0].endToEndID == nil)
        #expect(k.statements.map(\.status) == [.balanced, .balanced])
    }

    @Test func ownFreeTextCounterpartyFormAndDebitBalances() throws {
        let p = try StatementFixtures.parse(file: "own-mt940-freetext.sta")
        #expect(p.lines.map(\.purpose) == ["BETALING KENMERK 123 FACTUUR 2024-77", "STORNO"])
        #expect(p.lines[1].counterpartyAccount == "NL20INGB0001234567" && p.lines[1].counterpartyName == "J. Jansen")
        #expect(p.lines[1].counterpartyBank == "INGBNL2A" && p.lines[1].direction == .debit && p.lines[1].isReversal)
        // −100.00 + 50.00 − 5.25 = −55.25.
        #expect(p.statements.map(\.status) == [.balanced] && p.statements[0].closing == Money(fen: -5_525))
    }

    @Test func unknownTagsAndBadBalancesStopTheFileWithLineAndField() {
        let text = ":20:X\n:25:123\n:60F:C250101EUR1,00\n:99:what\n"
        #expect {
            try StatementFixtures.parse(text, format: .mt940)
        } throws: { error in
            let e = error as! IngestError
            return e.code == .malformed && e.line == 4 && e.field == ":99:" && e.message == "unknown MT940 tag :99:"
        }
        #expect {
            try StatementFixtures.parse(":20:X\n:25:123\n:60F:C2501EUR1,00\n", format: .mt940)
        } throws: { error in
            let e = error as! IngestError
            return e.line == 3 && e.field == ":60F:"
        }
        #expect(throws: IngestError.self) { try StatementFixtures.parse("no statement here\n", format: .mt940) }
    }

    @Test func badEntriesAreRejectedWithTheirLine() throws {
        let text = """
            :20:X
            :25:123
            :60F:C250101EUR1,00
            :61:2501020102D1,234NTRFNONREF
            :61:2513020102D1,00NTRFNONREF
            :61:2501020102X1,00NTRFNONREF
            :61:2501020102C2,00NTRFNONREF
            :86:ok
            :62F:C250102EUR3,00

            """
        let p = try StatementFixtures.parse(text, format: .mt940)
        #expect(p.rejects.map(\.line) == [4, 5, 6])
        #expect(p.rejects.map(\.reason) == [.tooManyDecimals, .invalidDate, .invalidDirection])
        #expect(p.lines.map(\.amount.fen) == [200] && p.statements[0].status == .unchecked)
    }
}
