import Testing

@testable import FundChainCore

@Suite struct CanonicalJSONTests {
    /// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text. The five integral
    /// doubles of magnitude ≥ 2^53 below 10^21 take the exponent form here (docs/snapshots.md);
    /// JCS's text for each is in the comment.
    static let appendixB: [(UInt64, String)] = [
        (0x0000_0000_0000_0000, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
        (0xffef_ffff_ffff_ffff, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9.007199254740992e+15"),  // JCS: 9007199254740992
        (0xc340_0000_0000_0000, "-9.007199254740992e+15"),  // JCS: -9007199254740992
        (0x4430_0000_0000_0000, "2.9514790517935283e+20"),  // JCS: 295147905179352830000
        (0x44b5_2d02_c7e1_4af5, "9.999999999999997e+22"),
        (0x44b5_2d02_c7e1_4af6, "1e+23"),
        (0x44b5_2d02_c7e1_4af7, "1.0000000000000001e+23"),
        (0x444b_1ae4_d6e2_ef4e, "9.999999999999997e+20"),  // JCS: 999999999999999700000
        (0x444b_1ae4_d6e2_ef4f, "9.999999999999999e+20"),  // JCS: 999999999999999900000
        (0x444b_1ae4_d6e2_ef50, "1e+21"),
        (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
        (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
        (0x41b3_de43_5555_5553, "333333333.3333332"),
        (0x41b3_de43_5555_5554, "333333333.33333325"),
        (0x41b3_de43_5555_5555, "333333333.3333333"),
        (0x41b3_de43_5555_5556, "333333333.3333334"),
        (0x41b3_de43_5555_5557, "333333333.33333343"),
        (0xbecb_f647_612f_3696, "-0.0000033333333333333333"),
        (0x4314_3ff3_c1cb_0959, "1424953923781206.2"),
    ]

    @Test func rfc8785AppendixBNumbers() {
        for (bits, expected) in Self.appendixB {
            let value = JSONValue.double(Double(bitPattern: bits))
            #expect(String(decoding: value.canonicalBytes(), as: UTF8.self) == expected, "bits \(bits)")
        }
    }

    @Test func numberLayoutsByHand() {
        let cases: [(Double, String)] = [
            (2.0, "2"), (-2.0, "-2"), (1e-7, "1e-7"), (1.5e21, "1.5e+21"), (1e20, "1e+20"),
            (0x1p53 - 1, "9007199254740991"),
            (0.5, "0.5"), (123.456, "123.456"), (1e15, "1000000000000000"), (1e16, "1e+16"),
            (0x1p60, "1.152921504606847e+18"),
            (0.000001, "0.000001"), (0.0000015, "0.0000015"), (1.5e-7, "1.5e-7"), (-1e-300, "-1e-300"),
            (12_345_678.9, "12345678.9"), (0.1 + 0.2, "0.30000000000000004"),
        ]
        for (value, expected) in cases {
            #expect(String(decoding: JSONValue.double(value).canonicalBytes(), as: UTF8.self) == expected)
        }
        #expect(JSONValue.int(Int64.min).canonicalBytes() == Array("-9223372036854775808".utf8))
        #expect(JSONValue.number(.nan) == .null)
        #expect(JSONValue.number(-.infinity) == .null)
    }

    /// RFC 8785 §3.2.4's example, except that our number input is parsed first.
    @Test func rfc8785Example() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected =
            #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        let value = try JSONValue(parsing: input)
        #expect(String(decoding: value.canonicalBytes(), as: UTF8.self) == expected)
    }

    @Test func keysSortByUTF8Bytes() {
        // U+E000 (EE 80 80) sorts before U+1F600 (F0 9F 98 80) by bytes; UTF-16 order is the reverse.
        let value: JSONValue = ["\u{1F600}": 1, "\u{E000}": 2, "b": 3, "B": 4, "": 5, "ab": 6, "a": 7]
        let expected = "{\"\":5,\"B\":4,\"a\":7,\"ab\":6,\"b\":3,\"\u{E000}\":2,\"\u{1F600}\":1}"
        #expect(String(decoding: value.canonicalBytes(), as: UTF8.self) == expected)
    }

    @Test func stringEscapes() {
        let value = JSONValue.string("q\"b\\s/\u{08}\u{09}\u{0A}\u{0C}\u{0D}\u{00}\u{1F}\u{7F}\u{2028}é")
        let expected = #""q\"b\\s/\b\t\n\f\r\u0000\u001f"# + "\u{7F}\u{2028}é\""
        #expect(String(decoding: value.canonicalBytes(), as: UTF8.self) == expected)
    }

    @Test func parsesIntegersAndDoubles() throws {
        #expect(try JSONValue(parsing: "9223372036854775807") == .int(.max))
        #expect(try JSONValue(parsing: "-9223372036854775808") == .int(.min))
        // One past Int64: a double.
        if case .double(let d) = try JSONValue(parsing: "9223372036854775808") {
            #expect(d == 0x1p63)
        } else {
            Issue.record("not a double")
        }
        if case .double(let d) = try JSONValue(parsing: "2.0") { #expect(d == 2) } else { Issue.record("not a double") }
        #expect(try JSONValue(parsing: "1e2").doubleValue == 100)
        #expect(try JSONValue(parsing: "-0") == .int(0))
        // Correct rounding: halfway cases resolved like strtod.
        #expect(try JSONValue(parsing: "9007199254740993").int64Value == 9_007_199_254_740_993)
        #expect(try JSONValue(parsing: "9007199254740993.0").doubleValue == 9_007_199_254_740_992)
        #expect(try JSONValue(parsing: "\"\\ud834\\udd1e\"") == .string("𝄞"))
        // Either side of the 18 digits summed without a String.
        #expect(try JSONValue(parsing: "999999999999999999") == .int(999_999_999_999_999_999))
        #expect(try JSONValue(parsing: "-99999999999999999") == .int(-99_999_999_999_999_999))
        #expect(try JSONValue(parsing: "-999999999999999999") == .int(-999_999_999_999_999_999))
        #expect(try JSONValue(parsing: "1000000000000000000") == .int(1_000_000_000_000_000_000))
        #expect(try JSONValue(parsing: "[0,-1,7]") == .array([.int(0), .int(-1), .int(7)]))
    }

    @Test func parsesStringsWithAndWithoutEscapes() throws {
        #expect(try JSONValue(parsing: #""plain""#) == .string("plain"))
        #expect(try JSONValue(parsing: #""流动资金 😀""#) == .string("流动资金 😀"))
        #expect(try JSONValue(parsing: #""流动\n资金""#) == .string("流动\n资金"))
        #expect(try JSONValue(parsing: #""a\"b\\c""#) == .string("a\"b\\c"))
        #expect(try JSONValue(parsing: #""""#) == .string(""))
    }

    @Test func numericEquality() {
        #expect(JSONValue.int(2) == .double(2.0))
        #expect(JSONValue.double(-0.0) == .int(0))
        #expect(JSONValue.int(9_007_199_254_740_993) != .double(9_007_199_254_740_992))
        #expect(Set<JSONValue>([.int(2), .double(2)]).count == 1)
        #expect(JSONValue.double(2.5) != .int(2))
    }

    @Test(arguments: [
        ("", 0), ("[1,]", 3), ("{\"a\":1,}", 7), ("01", 1), ("1.", 2), ("-", 1), ("\"abc", 4),
        ("{\"a\":1,\"a\":2}", 7), ("[1] x", 4), ("\"\\ud800\"", 1), ("\"\u{01}\"", 1), ("1e400", 0),
        ("tru", 0), ("{1:2}", 1), ("\"\\x\"", 1), ("[1 2]", 3),
    ])
    func rejectsInvalidJSON(text: String, offset: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        // encoded surrogate
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
        // after an escape, and a valid sequence cut short by the closing quote
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xE6, 0xB5, 0x22]) }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONValue(parsing: ok)) != nil)
    }

    @Test func accessors() throws {
        let value = try JSONValue(parsing: #"{"a":[1,2.5,"x",true,null],"b":{"c":3}}"#)
        #expect(value["a"]?[1]?.doubleValue == 2.5)
        #expect(value["a"]?[0]?.intValue == 1)
        #expect(value["a"]?[2]?.stringValue == "x")
        #expect(value["a"]?[3]?.boolValue == true)
        #expect(value["a"]?[4]?.isNull == true)
        #expect(value["a"]?[5] == nil)
        #expect(value["b"]?["c"]?.int64Value == 3)
        #expect(value["missing"] == nil)
    }

    /// parse(canonical(x)) == x, and canonical(parse(canonical(x))) == canonical(x), on seeded values.
    @Test(arguments: [1, 2, 3, 20_261_129] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let value = Self.randomValue(&rng, depth: 0)
            let bytes = value.canonicalBytes()
            let parsed = try JSONValue(parsing: bytes)
            #expect(parsed == value, "seed \(seed): \(String(decoding: bytes, as: UTF8.self))")
            #expect(parsed.canonicalBytes() == bytes)
        }
    }

    static func randomValue(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        let scalars: [Unicode.Scalar] = [
            "a", "Z", "0", "\"", "\\", "/", "\n", "\t", "\u{00}", "\u{1F}", "é", "重", "€", "\u{1F600}", "\u{E000}", " ",
        ]
        func string(_ rng: inout SeededGenerator) -> String {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...8, using: &rng) { s.append(scalars.randomElement(using: &rng)!) }
            return String(s)
        }
        switch Int.random(in: 0..<(depth < 4 ? 8 : 6), using: &rng) {
        case 0: return [JSONValue.null, .bool(true), .bool(false)].randomElement(using: &rng)!
        case 1: return .int(Int64.random(in: .min ... .max, using: &rng))
        case 2:
            let d = Double(bitPattern: rng.next())
            return d.isFinite ? .double(d) : .double(Double.random(in: -1e9...1e9, using: &rng))
        case 3:
            return .double(Double.random(in: -1...1, using: &rng) * [1e-9, 1, 1e6, 1e22].randomElement(using: &rng)!)
        case 4: return .double(Double(Int.random(in: -1000...1000, using: &rng)))
        case 5: return .string(string(&rng))
        case 6: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                members[string(&rng)] = randomValue(&rng, depth: depth + 1)
            }
            return .object(members)
        }
    }
}
