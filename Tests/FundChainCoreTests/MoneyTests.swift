import Testing

@testable import FundChainCore

@Suite struct MoneyTests {
    @Test(
        arguments: [
            ("12.30", 1230), ("12.3", 1230), ("12", 1200), ("0.05", 5), ("-0.05", -5), ("+7.00", 700),
            (" 1.5 ", 150), ("0", 0), (".5", 50), ("5.", 500), ("92233720368547758.07", Int64.max),
        ] as [(String, Int64)])
    func parsesExactly(text: String, fen: Int64) throws {
        #expect(try Money(parsing: text).fen == fen)
    }

    @Test func rejectsBadText() {
        #expect(throws: Money.ParseError.empty) { try Money(parsing: "") }
        #expect(throws: Money.ParseError.empty) { try Money(parsing: "   ") }
        #expect(throws: Money.ParseError.tooManyDecimals(3)) { try Money(parsing: "1.005") }
        // Money holds hundredths: a third decimal is refused even when the caller allows more.
        #expect(throws: Money.ParseError.tooManyDecimals(3)) { try Money(parsing: "1.005", maxDecimals: 3) }
        #expect(throws: Money.ParseError.invalidCharacter(",")) { try Money(parsing: "1,000.00") }
        #expect(throws: Money.ParseError.invalidCharacter("e")) { try Money(parsing: "1e5") }
        #expect(throws: Money.ParseError.malformed) { try Money(parsing: "1.2.3") }
        #expect(throws: Money.ParseError.malformed) { try Money(parsing: ".") }
        #expect(throws: Money.ParseError.malformed) { try Money(parsing: "-") }
        #expect(throws: Money.ParseError.overflow) { try Money(parsing: "92233720368547758.08") }
        #expect(throws: Money.ParseError.overflow) { try Money(parsing: "99999999999999999999") }
    }

    @Test func commaDecimalAndZeroDecimalCurrencies() throws {
        #expect(try Money(parsing: "1,5", decimalSeparators: [UInt8(ascii: ",")]).fen == 150)
        #expect(try Money(parsing: "1500", maxDecimals: 0).fen == 150_000)
        #expect(throws: Money.ParseError.tooManyDecimals(1)) { try Money(parsing: "1500.5", maxDecimals: 0) }
    }

    @Test func formats() {
        #expect(Money(fen: 1230).description == "12.30")
        #expect(Money(fen: -5).description == "-0.05")
        #expect(Money(fen: 0).description == "0.00")
        #expect(Money(fen: 123_456_789).grouped == "1,234,567.89")
        #expect(Money(fen: -100_000).grouped == "-1,000.00")
    }

    @Test func sumsAreOverflowChecked() {
        #expect(Money.sum([Money(fen: 1), Money(fen: 2)]) == Money(fen: 3))
        #expect(Money.sum([Money(fen: .max), Money(fen: 1)]) == nil)
        #expect(Money(fen: .min).adding(Money(fen: -1)) == nil)
    }
}
