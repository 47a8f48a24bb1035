import Testing

@testable import FundChainCore

@Suite struct EdgeListParserTests {
    static func parse(_ text: String) throws(GraphError) -> CapitalFlowGraph {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { p in Result { () throws(GraphError) in try EdgeListParser.parse(p) } }
        return try result.get()
    }

    static func error(_ text: String) -> GraphError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsWeightsExactlyAtTheFinestScale() throws {
        let g = try Self.parse("source,target,weight\na,b,1.5\nb,c,0.125\na,b,2\nc,c,1e-3\n")
        #expect(g.amountScale == 3)
        #expect(g.nodeCount == 3)
        #expect(g.edgeCount == 3)
        #expect(g.selfLoopCount == 1)
        #expect(g.amount(ofEdge: g.edge(from: 0, to: 1)!) == 3500)
        #expect(g.amount(ofEdge: g.edge(from: 1, to: 2)!) == 125)
        #expect(g.amount(ofEdge: g.edge(from: 2, to: 2)!) == 1)
        #expect(g.transactionCount(ofEdge: g.edge(from: 0, to: 1)!) == 2)
        #expect(g.formatAmount(3500) == "3.500")
    }

    @Test func defaultWeightQuotesBOMAndCRLF() throws {
        let g = try Self.parse("\u{FEFF}Source,Target\r\n\"x,1\",y\r\n\r\n\"say \"\"hi\"\"\",y\r\n")
        #expect(g.amountScale == 0)
        #expect((0..<Int32(g.nodeCount)).map { g.key($0) } == ["say \"hi\"", "x,1", "y"])
        #expect(g.amount(ofEdge: 0) == 1)
    }

    @Test func numericIdsSortNumerically() throws {
        let g = try Self.parse("source,target\n10,9\n9,-1\n100,07\n")
        #expect((0..<Int32(g.nodeCount)).map { g.key($0) } == ["-1", "07", "9", "10", "100"])
        let t = try Self.parse("source,target\n10,9\nx,2\n")
        #expect((0..<Int32(t.nodeCount)).map { t.key($0) } == ["10", "2", "9", "x"])
    }

    @Test func longFloatsAreKeptToEighteenDigits() throws {
        let g = try Self.parse("source,target,weight\na,b,0.8444218515250481\nb,a,3\n")
        #expect(g.amountScale == 16)
        #expect(g.amount(ofEdge: 0) == 8_444_218_515_250_481)
        #expect(g.amount(ofEdge: 1) == 30_000_000_000_000_000)
    }

    @Test func scaleDropsWhenTheTotalWouldOverflow() throws {
        let g = try Self.parse("source,target,weight\na,b,0.8444218515250481\nb,a,30000\n")
        #expect(g.amountScale == 14)  // 30000 × 10^14 = 3e18 ≤ 4e18
        #expect(g.amount(ofEdge: 0) == 84_442_185_152_505)  // rounded half-up at 10^-14
    }

    @Test(
        arguments: [
            ("", GraphError.Code.emptyInput, nil as Int?),
            ("\n\n", .emptyInput, nil),
            ("source,target,weight\n", .emptyInput, 2),
            ("source,target,amount\na,b,1\n", .badHeader, 1),
            ("from,to\na,b\n", .badHeader, 1),
            ("source,target,weight,extra\n", .badHeader, 1),
            ("source,target,weight\na,b,1\nc,d,abc\n", .badWeight, 3),
            ("source,target,weight\na,b,-2.5\n", .negativeWeight, 2),
            ("source,target,weight\na,b,\n", .badWeight, 2),
            ("source,target,weight\na,b,nan\n", .badWeight, 2),
            ("source,target,weight\na,b,1,2\n", .badRow, 2),
            ("source,target\na\n", .badRow, 2),
            ("source,target\n,b\n", .badRow, 2),
            ("source,target\n\"a\nb\",c\nd\n", .badRow, 4),
            ("source,target\n\"a,b\n", .badRow, 2),
        ] as [(String, GraphError.Code, Int?)])
    func rejectsBadInputNamingTheLine(text: String, code: GraphError.Code, line: Int?) {
        let error = Self.error(text)
        #expect(error?.code == code, "\(String(describing: error))")
        #expect(error?.line == line, "\(String(describing: error))")
    }

    @Test func errorMessagesNameLineAndField() {
        #expect(
            Self.error("source,target,weight\na,b,x1\n")?.description
                == "line 2: weight: weight 'x1' is not a decimal number")
        #expect(Self.error("source,target,weight\na,b,-1\n")?.description == "line 2: weight: weight '-1' is negative")
    }

    @Test func decimalWeights() throws {
        func parse(_ s: String) throws -> DecimalWeight {
            var s = s
            return try s.withUTF8 { try DecimalWeight($0) }
        }
        #expect(try parse("12.30") == DecimalWeight(significand: 1230, exponent: -2))
        #expect(try parse(" .5 ") == DecimalWeight(significand: 5, exponent: -1))
        #expect(try parse("2.5E+3") == DecimalWeight(significand: 25, exponent: 2))
        #expect(try parse("-0") == DecimalWeight(significand: 0, exponent: 0))
        #expect(try parse("1234567890123456789") == DecimalWeight(significand: 123_456_789_012_345_679, exponent: 1))
        #expect(try parse("7").scaledUp(to: 2) == 700)
        #expect(try parse("2.001").scaledUp(to: 2) == 201)
        #expect(throws: DecimalWeight.ParseError.notANumber) { try parse("1e") }
        #expect(throws: DecimalWeight.ParseError.notANumber) { try parse("1,000") }
        #expect(throws: DecimalWeight.ParseError.negative) { try parse("-0.01") }
    }
}
