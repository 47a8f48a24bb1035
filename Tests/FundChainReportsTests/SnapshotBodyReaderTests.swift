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
}
