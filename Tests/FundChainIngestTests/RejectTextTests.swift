import FundChainCore
import Testing

@testable import FundChainIngest

/// The one masking and escaping function every format's rejects go through, and the CSV side of
/// issue 14 part 6 (amount cap, control characters, record size). Expected texts are written by hand.
@Suite struct RejectTextTests {
    @Test func digitRunsOfTenOrMoreKeepOnlyTheirLastFourDigits() {
        #expect(RejectText.masked("6222000000000001") == "************0001")
        #expect(RejectText.masked("card 6222 0000 0000 0001 paid") == "card **** **** **** 0001 paid")
        #expect(RejectText.masked("NL77ABNA0574908765") == "NL77ABNA******8765")
        #expect(RejectText.masked(":25:ICBKCNBJ/6222000000000001") == ":25:ICBKCNBJ/************0001")
        // Dates, region codes, amounts and USCCs stay readable.
        #expect(
            RejectText.masked("2025-01-05,500112002,1000.00,91500112MA5U00001H")
                == "2025-01-05,500112002,1000.00,91500112MA5U00001H")
        #expect(RejectText.masked("123456789") == "123456789")
        #expect(RejectText.masked("1234567890") == "******7890")
    }

    @Test func controlCharactersAreEscapedVisibly() {
        #expect(RejectText.escaped("a\u{0}b\u{1}c\u{7F}d\u{85}e\tf") == "a\\u0000b\\u0001c\\u007Fd\\u0085e\\u0009f")
        // The escape's digits do not join the account number's run, and storing twice changes nothing.
        let once = RejectText.stored("x\u{0}6222000000000001")
        #expect(once == "x\\u0000************0001" && RejectText.stored(once) == once)
        let r = RowReject(
            line: 3, field: "purpose", reason: .invalidText, message: "m\u{0}", raw: "6222000000000001\u{0}")
        #expect(r.raw == "************0001\\u0000" && r.message == "m\\u0000" && !r.raw.utf8.contains(0))
    }

    func entries(_ body: String) throws -> [Result<ValidatedEntry, RowReject>] {
        let header =
            "bank_code,account_no,txn_ref,booked_at,direction,amount,currency,counterparty_account,counterparty_name,counterparty_bank,purpose,note\n"
        return try validateRows(header + body) { header in
            let v = try TransactionRowValidator(header: header, file: "tx.csv", directory: RowValidatorTests.directory)
            return { v.validate($0) }
        }
    }

    @Test func amountsAboveTheCapAreRejectedWithTheirOwnReason() throws {
        let results = try entries(
            """
            ICBC,6222000000000001,A1,2025-01-05,D,10000000000000.00,CNY,,,,,
            ICBC,6222000000000001,A2,2025-01-05,D,10000000000000.01,CNY,,,,,
            ICBC,6222000000000001,A3,2025-01-05,D,99999999999999999999,CNY,,,,,
            ICBC,6222000000000001,A4,2025-01-05,C,92233720368547758.07,CNY,,,,,

            """)
        // 10^13 yuan = 10^15 fen is the cap itself: accepted.
        #expect(results[0].value?.entry.amount == Money(fen: 1_000_000_000_000_000))
        #expect(results[1...].map { $0.reject?.reason } == [.amountTooLarge, .amountTooLarge, .amountTooLarge])
        #expect(results[2].reject?.field == "amount" && results[2].reject?.line == 4)
    }

    @Test func controlCharactersInAnyFieldAreInvalidTextWithTheRawEscaped() throws {
        let results = try entries(
            "ICBC,6222000000000001,N1,2025-01-05,D,1.00,CNY,,x\u{0}y,,,\n"
                + "ICBC,6222000000000001,N2,2025-01-05,D,1.00,CNY,,,,,ignored\u{1}\n"
                + "ICBC,6222000000000001,N3,2025-01-05,D,1.00,CNY,,,,\u{7F},\n"
                + "ICBC,6222000000000001,N4,2025-01-05,D,1.00,CNY,,,,\u{85},\n"
                // Tab inside a field and a line break inside a quoted field are text.
                + "ICBC,6222000000000001,N5,2025-01-05,D,1.00,CNY,,a\tb,,\"line\nbreak\",\n")
        #expect(results.count == 5)
        #expect(results[0..<4].map { $0.reject?.reason } == [.invalidText, .invalidText, .invalidText, .invalidText])
        #expect(results[0..<4].map { $0.reject?.field } == ["counterparty_name", "column 12", "purpose", "purpose"])
        #expect(results[0].reject?.raw == "ICBC,************0001,N1,2025-01-05,D,1.00,CNY,,x\\u0000y,,,")
        #expect(results[1].reject?.message.contains("\\u0001") == true)
        #expect(results[4].value?.entry.purpose == "line\nbreak" && results[4].value?.entry.counterpartyName == "a\tb")
    }

    @Test func aRowWithTheWrongFieldCountHasEveryAccountNumberMasked() throws {
        // Fields missing: the counterparty's account sits in the `counterparty_name` column.
        let results = try entries("ICBC,6222000000000001,W1,2025-01-05,D,1.00,CNY,,6227000000000002\n")
        let r = try #require(results.first?.reject)
        #expect(
            r.reason == .wrongFieldCount && r.raw == "ICBC,************0001,W1,2025-01-05,D,1.00,CNY,,************0002")
    }

    @Test func aRecordLongerThanOneMiBFailsInBoundedMemory() throws {
        var parser = CSVParser()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 << 10)
        var fed = 0
        var failure: CSVParser.ParseError?
        // An endless unquoted field (no line break ever): fed chunk by chunk until the parser gives up.
        while failure == nil && fed < 8 << 20 {
            do {
                try chunk.withUnsafeBytes { try parser.feed($0) { _ in } }
                fed += chunk.count
            } catch let error as CSVParser.ParseError {
                failure = error
            }
        }
        let error = try #require(failure)
        #expect(error.line == 1 && error.message.contains("longer than 1048576 bytes"))
        // Refused within one chunk of the limit: 1 MiB held, not 8.
        #expect(fed <= CSVParser.maxRecordBytes && fed >= CSVParser.maxRecordBytes - chunk.count)
        // An open quote swallowing line breaks is caught the same way, naming the line it opened on.
        var quoted = CSVParser()
        let text = "a,b\n1,\"open\n" + String(repeating: "x\n", count: 600_000)
        #expect {
            try Array(text.utf8).withUnsafeBytes { try quoted.feed($0) { _ in } }
        } throws: { ($0 as? CSVParser.ParseError)?.line == 2 }
    }
}
