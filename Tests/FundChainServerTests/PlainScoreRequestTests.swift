import Foundation
import FundChainCore
import Testing

@testable import FundChainServer

/// `PlainScoreRequest` against Foundation's `JSONDecoder` with the generated `Decodable` (what the
/// generated route decodes with): on every body the reader takes, the decoder must take it too
/// and read the same values; and the reader must take the plain bodies banks send.
@Suite struct PlainScoreRequestTests {
    static func reference(_ bytes: [UInt8]) -> FundChainServer.Components.Schemas.ScoreRequest? {
        try? JSONDecoder().decode(FundChainServer.Components.Schemas.ScoreRequest.self, from: Data(bytes))
    }

    static func read(_ bytes: [UInt8]) -> FundChainServer.Components.Schemas.ScoreRequest? {
        bytes.withUnsafeBytes { PlainScoreRequest.read($0) }
    }

    /// A plain body: the two required fields and any of the optional ones, in any order, with
    /// JSON whitespace between tokens, strings of ASCII, Chinese and emoji without escapes.
    static func plainBody(_ random: inout SeededGenerator) -> String {
        let texts = ["91500112MA5U00001H", "c-1", "流动资金", "stock 📦", "", " a/b ", "x\u{7F}y"]
        let amounts = ["0", "-0", "1", "-5", "500000", "1000000000000", "9223372036854775807", "-9223372036854775808"]
        var fields = [
            #""uscc":"\#(texts.randomElement(using: &random)!)""#,
            #""consent_ref":"\#(texts.randomElement(using: &random)!)""#,
        ]
        if Bool.random(using: &random) { fields.append(#""purpose":"\#(texts.randomElement(using: &random)!)""#) }
        if Bool.random(using: &random) {
            fields.append(#""requested_amount":\#(amounts.randomElement(using: &random)!)"#)
        }
        fields.shuffle(using: &random)
        let spaces = ["", " ", "\n", "\t", "\r\n  "]
        func space() -> String { spaces.randomElement(using: &random)! }
        return space() + "{" + space()
            + fields.map { $0.replacingOccurrences(of: ":", with: space() + ":" + space()) }
            .joined(separator: space() + "," + space()) + space() + "}" + space()
    }

    @Test func readsEveryPlainBodyAsTheDecoderDoes() throws {
        var random = SeededGenerator(seed: 41)
        for _ in 0..<2_000 {
            let body = Array(Self.plainBody(&random).utf8)
            let read = try #require(Self.read(body), "\(String(decoding: body, as: UTF8.self))")
            #expect(read == Self.reference(body), "\(String(decoding: body, as: UTF8.self))")
        }
    }

    /// Bodies broken in every way a byte can break them (replaced, dropped, doubled, and
    /// characters JSON treats specially): whatever the reader takes, the decoder takes alike.
    @Test func takesNothingTheDecoderRefusesOrReadsDifferently() {
        var random = SeededGenerator(seed: 43)
        let specials = Array(#"{}[]:,"\ -+.eE0123456789nultrfas"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, 0x0A]
        var taken = 0
        for _ in 0..<20_000 {
            var body = Array(Self.plainBody(&random).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) where !body.isEmpty {
                let at = Int.random(in: 0..<body.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: body[at] = specials.randomElement(using: &random)!
                case 1: body.remove(at: at)
                default: body.insert(body[at], at: at)
                }
            }
            guard let read = Self.read(body) else { continue }
            taken += 1
            #expect(read == Self.reference(body), "\(body)")
        }
        #expect(taken > 1_000, "the mutations should leave many bodies readable")
    }

    @Test func leavesTheUnusualToTheGeneratedRoute() {
        for body in [
            #"{"uscc":"\u0041","consent_ref":"C"}"#,  // an escape: legal, left to the decoder
            #"{"uscc":"A","consent_ref":"C","purpose":null}"#,
            #"{"uscc":"A","consent_ref":"C","requested_amount":5.0}"#,
            #"{"uscc":"A","consent_ref":"C","requested_amount":1e3}"#,
            #"{"uscc":"A","consent_ref":"C","requested_amount":9223372036854775808}"#,
            #"{"uscc":"A","consent_ref":"C","requested_amount":007}"#,
            #"{"uscc":"A","uscc":"B","consent_ref":"C"}"#,
            #"{"uscc":"A","consent_ref":"C","colour":"red"}"#,
            #"{"uscc":"A"}"#, #"{"uscc":"A","consent_ref":"C",}"#, #"{"uscc":"A","consent_ref":"C"} x"#, "", "{}",
        ] {
            #expect(Self.read(Array(body.utf8)) == nil, "\(body)")
        }
        #expect(Self.read([0x7B, 0x22, 0xFF, 0x22]) == nil)
    }
}
