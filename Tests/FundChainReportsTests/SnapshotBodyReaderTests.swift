import FundChainCore
import Testing

@testable import FundChainReports

/// Reading features and eligible products out of a body without parsing the rest.
struct SnapshotBodyReaderTests {
    /// Keys and braces inside strings must not confuse the walk; `products` comes after big parts.
    static let body = #"""
        {"as_of":"2025-11-30","feature_points":{"features":3},"features":{"days_since_last_inflow":null,"district":"500112","inflow_12m_yuan":1234567.5,"inflow_growth_3m":-0.25,"months_active_12m":12},"firm":{"name":"重庆\"features\":{x}有限公司"},"products":{"catalog_sha256":"ab","eligible":[{"product":"P1","name":"首贷 \"快\"","fit":1,"limit_yuan":500000,"annual_rate_bp":385},{"product":"P2","name":"n","fit":0,"limit_yuan":null,"annual_rate_bp":null}],"ineligible":[{"failures":[{"text":"} ] {"}]}]},"reasons":[{"text":"\"products\":null"}]}
        """#

    @Test func featuresAndEligibleProducts() {
        let reader = SnapshotBodyReader(featureNames: [
            "months_active_12m", "inflow_growth_3m", "days_since_last_inflow", "district", "absent", "inflow_12m_yuan",
        ])
        var features: [Double] = [7]
        let products = Array(Self.body.utf8).withUnsafeBytes { reader.read($0, features: &features) }
        #expect(features.count == 7 && features[0] == 7)
        #expect(features[1] == 12 && features[2] == -0.25 && features[6] == 1_234_567.5)
        #expect(features[3].isNaN && features[4].isNaN && features[5].isNaN)  // null, a text, absent
        #expect(
            products
                == FirmProducts(eligible: [
                    .init(product: "P1", name: "首贷 \"快\"", limitYuan: 500_000),
                    .init(product: "P2", name: "n", limitYuan: nil),
                ]))
        #expect(products?.suggestedLimit == 50_000_000)
    }

    @Test func nullProductsAndBrokenInput() {
        let reader = SnapshotBodyReader(featureNames: ["a"])
        var features: [Double] = []
        #expect(
            Array(#"{"features":{"a":1},"products":null}"#.utf8).withUnsafeBytes {
                reader.read($0, features: &features)
            } == nil)
        #expect(features == [1])
        // Truncated: nothing found, nothing crashes.
        #expect(Array(#"{"features":{"a":2"#.utf8).withUnsafeBytes { reader.read($0, features: &features) } == nil)
        #expect(features.count == 2 && features[1].isNaN)
        // An eligible entry without the format's members: no products rather than half an offer.
        let partial = #"{"features":{"a":3},"products":{"eligible":[{"product":"P1","limit_yuan":5}]}}"#
        #expect(Array(partial.utf8).withUnsafeBytes { reader.read($0, features: &features) } == nil)
        #expect(features.count == 3 && features[2] == 3)
        var found: [String] = []
        Array(#" { "a" : [1, {"b": "]"}] , "c":true }"#.utf8).withUnsafeBytes { bytes in
            JSONMembers.forEach(in: bytes, object: 0..<bytes.count) { key, value in
                found.append(
                    String(decoding: key, as: UTF8.self) + "="
                        + String(decoding: UnsafeRawBufferPointer(rebasing: bytes[value]), as: UTF8.self))
                return true
            }
        }
        #expect(found == [#"a=[1, {"b": "]"}]"#, "c=true"])
    }

    /// Keys out of byte order (not canonical, but still JSON) are all found: the reader leaves
    /// its merge for the dictionary at the first key that does not ascend.
    @Test func featuresInAnyOrder() {
        let reader = SnapshotBodyReader(featureNames: ["b", "d", "a", "c", "e"])
        for (text, expected) in [
            (#"{"features":{"a":1,"b":2,"c":3,"d":4,"e":5}}"#, [2.0, 4, 1, 3, 5]),
            (#"{"features":{"e":5,"d":4,"c":3,"b":2,"a":1}}"#, [2.0, 4, 1, 3, 5]),
            (#"{"features":{"b":2,"x":9,"a":1,"e":5,"zz":0,"c":3}}"#, [2.0, .nan, 1, 3, 5]),
            (#"{"features":{"aa":7,"c":3,"c":6,"bb":0}}"#, [.nan, .nan, .nan, 6, .nan]),
        ] {
            var features: [Double] = []
            _ = Array(text.utf8).withUnsafeBytes { reader.read($0, features: &features) }
            #expect(
                features.map { $0.isNaN ? -1 : $0 } == expected.map { $0.isNaN ? -1 : $0 }, "\(text)")
        }
    }

    /// The reader's number conversion gives what `Double(_: String)` gives, fast path or not:
    /// canonical numbers (the shortest round-trip digits), long mantissas, big and small
    /// exponents, and things that are not numbers.
    @Test func numbersAreCorrectlyRounded() {
        var random = SeededRandom(seed: 42)
        var texts = [
            "0", "-0", "1", "-1", "0.1", "0.30000000000000004", "9007199254740993", "9007199254740992",
            "123456789012345678901", "1e22", "1e23", "1.5e+21", "1e-7", "2.2250738585072014e-308", "5e-324",
            "1.7976931348623157e308", "1e400", "12345678901234567890", "1234567890123456789", "0.000001",
            "4.35", "-12.5E-3", "1E+2", "1.", ".5", "-", "1e", "1e+", "007", "1.2.3", "null", "true", "\"1\"",
        ]
        for _ in 0..<20_000 {
            let value: Double
            switch random.next() % 4 {
            case 0: value = Double(bitPattern: random.next())
            case 1: value = Double(Int64(bitPattern: random.next()) % 1_000_000_000) / 1000
            case 2: value = Double(random.next() % 10_000_000) / 10_000_000
            default: value = Double(Int64(bitPattern: random.next()) >> UInt64(random.next() % 60))
            }
            guard value.isFinite else { continue }
            let canonical = JSONValue.double(value).canonicalBytes()
            texts += [String(decoding: canonical, as: UTF8.self), "\(value)"]
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let read = bytes.withUnsafeBytes { JSONMembers.number(in: $0, 0..<$0.count) }
            let first = bytes.first ?? 0
            let expected =
                first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
                ? Double(text) : nil
            #expect(read?.bitPattern == expected?.bitPattern, "\(text)")
        }
    }
}
