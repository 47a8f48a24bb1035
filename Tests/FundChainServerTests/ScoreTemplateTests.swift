import Foundation
import FundChainStore
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime
import Testing

@testable import FundChainServer

/// Pre-encoded score answers are byte for byte what the generated serializer writes.
@Suite(.enabled(if: ServerTestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ScoreTemplateTests {
    /// Request values that exercise escaping: quotes, backslashes, slashes, control characters,
    /// CJK, an emoji, the smallest and largest amounts, and the optional fields left out.
    static let requests: [ScoreTemplate.Values] = [
        .init(requestID: "3f2c5b1e-0d6a-4c8e-9b7a-1e2f3a4b5c6d", consentRef: "c", purpose: nil, requestedAmount: nil),
        .init(requestID: "id with \"quotes\"", consentRef: #"a"b\c/d"#, purpose: "流动资金 / 采购\n第二行\t😀", requestedAmount: 1),
        .init(requestID: "r", consentRef: "\u{1}\u{1F}\u{7F}\u{2028}", purpose: "", requestedAmount: 1_000_000_000_000),
        .init(requestID: "r2", consentRef: "CONSENT-2026-0001", purpose: "设备更新", requestedAmount: nil),
        .init(requestID: "r3", consentRef: "x", purpose: nil, requestedAmount: 250_000),
    ]

    @Test(arguments: [UInt64(41)])
    func everyFirmsAnswerIsWhatTheGeneratedSerializerWrites(seed: UInt64) async throws {
        try await Region.with(firms: 80, seed: seed) { region in
            let batch = try #require(try await SnapshotStore(database: region.database).latestBatch())
            let serving = try await ServingState.load(batch, from: region.database)
            let converter = Converter(configuration: .init(jsonEncodingOptions: ScoringServer.jsonOptions))
            let encoder = ScoringServer.jsonEncoder()
            #expect(serving.count == region.firms.count)
            for uscc in region.firms {
                let firm = try #require(serving[uscc])
                let template = try #require(firm.scoreTemplate, "\(uscc) has no template")
                for values in Self.requests {
                    let typed = firm.scoreResponse(
                        requestID: values.requestID, consentRef: values.consentRef,
                        requestedAmount: values.requestedAmount, purpose: values.purpose)
                    var headers = HTTPFields()
                    let body = try converter.setResponseBodyAsJSON(
                        typed, headerFields: &headers, contentType: "application/json; charset=utf-8")
                    let expected = try await [UInt8](collecting: body, upTo: 1 << 20)
                    let rendered = try template.render(values, encoder: encoder)
                    #expect(rendered == expected, "\(uscc): \(String(decoding: rendered, as: UTF8.self))")
                    #expect(PreparedAnswer(body: rendered).httpHeaderFields == headers)
                }
            }
        }
    }

    /// A firm whose own data contains a marker gets no template (and is answered by encoding).
    @Test func aMarkerInTheDataMeansNoTemplate() throws {
        let response = Components.Schemas.ScoreResponse(
            requestId: "", uscc: "91500000MA0000001B", consentRef: "", score: 600, pd: 0.05, grade: "B",
            reasons: [], model: .init(id: ScoreTemplate.markers[.purpose]!, version: "1", sha256: "x"),
            snapshot: .init(id: 1, batchId: 1, asOf: "2026-10-31", hash: "h"), products: [])
        #expect(try ScoreTemplate(response, encoder: ScoringServer.jsonEncoder()) == nil)
    }
}
