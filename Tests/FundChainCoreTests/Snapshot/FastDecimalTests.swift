import Testing

@testable import FundChainCore

/// `FastDecimal` and the JSON parser that uses it: the value `Double(_: String)` gives, bit for bit.
@Suite struct FastDecimalTests {
    /// Canonical and Swift-printed forms of seeded doubles, and numbers at the fast path's edges.
    static func texts() -> [String] {
        var random = SeededGenerator(seed: 7)
        var texts = [
            "0.1", "-0.0", "9007199254740993e-3", "9007199254740992e-3", "1e22", "1e23", "1e-22", "1e-23",
            "1234567890123456789e-5", "12345678901234567890e-5", "0.0000000000000000000001", "4.35", "-12.5E-3",
        ]
        for _ in 0..<20_000 {
            let value: Double
            switch random.next() % 3 {
            case 0: value = Double(bitPattern: random.next())
            case 1: value = Double(Int64(bitPattern: random.next()) % 1_000_000_000) / 1000
            default: value = Double(random.next() % 10_000_000) / 10_000_000
            }
            guard value.isFinite else { continue }
            texts += [String(decoding: JSONValue.double(value).canonicalBytes(), as: UTF8.self), "\(value)"]
        }
        return texts
    }

    @Test func parsedNumbersAreCorrectlyRounded() throws {
        var fast = 0
        for text in Self.texts() {
            let expected = try #require(Double(text))
            if let value = Array(text.utf8).withUnsafeBytes({ FastDecimal.double($0) }) {
                fast += 1
                #expect(value.bitPattern == expected.bitPattern, "\(text)")
            }
            switch try JSONValue(parsing: Array(text.utf8)) {
            case .double(let value): #expect(value.bitPattern == expected.bitPattern, "\(text)")
            case .int(let value): #expect(Double(value) == expected, "\(text)")
            default: Issue.record("\(text) did not parse as a number")
            }
        }
        #expect(fast > 10_000)  // the fast path is the common one, not a bystander
    }
}
