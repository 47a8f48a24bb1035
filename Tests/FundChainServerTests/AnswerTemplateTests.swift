import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime
import Testing

@testable import FundChainServer

/// Answers prepared at load are the generated response types' JSON: every one decodes into its
/// type, and the generated serializer writes the same JSON for it.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct AnswerTemplateTests {
    /// Request values that exercise escaping: quotes, backslashes, slashes, control characters,
    /// CJK, an emoji, the smallest and largest amounts, and the optional fields left out.
    static let requests: [AnswerTemplate.Values] = [
        .init(requestID: "3f2c5b1e-0d6a-4c8e-9b7a-1e2f3a4b5c6d", consentRef: "c", purpose: nil, requestedAmount: nil),
        .init(
            requestID: "id with \"quotes\"", consentRef: #"a"b\c/d"#, purpose: "流动资金 / 采购\n第二行\t😀", requestedAmount: 1),
        .init(requestID: "r", consentRef: "\u{1}\u{1F}\u{7F}\u{2028}", purpose: "", requestedAmount: 1_000_000_000_000),
        .init(requestID: "r2", consentRef: "CONSENT-2026-0001", purpose: "设备更新", requestedAmount: nil),
        .init(requestID: "r3", consentRef: "x", purpose: nil, requestedAmount: 250_000),
    ]

    @Test(arguments: [UInt64(41)])
    func everyAnswerIsTheGeneratedTypesJSON(seed: UInt64) async throws {
        try await Region.with(firms: 80, seed: seed) { region in
            let batch = try #require(try await SnapshotStore(database: region.database).latestBatch())
            let serving = try await ServingState.load(batch, from: region.database)
            #expect(serving.count == region.firms.count)
            for uscc in region.firms {
                let firm = try #require(serving[uscc])
                for values in Self.requests {
                    let score = try await Self.check(firm.score, values, uscc)
                    #expect(score.requestId == values.requestID && score.consentRef == values.consentRef)
                    #expect(score.purpose == values.purpose && score.requestedAmount == values.requestedAmount)
                    #expect(score.uscc == uscc && score.snapshot.id == firm.snapshotID)
                    #expect(try await Self.check(firm.profile, values, uscc).requestId == values.requestID)
                    let products = try await Self.check(firm.products, values, uscc)
                    #expect(products.requestId == values.requestID && products.eligible == score.products)
                }
            }
        }
    }

    /// A batch read a few snapshots at a time gives the same answers as one read in one page; a
    /// body that does not have the documented shape fails the load, naming its snapshot.
    @Test func pagesMakeTheSameStateAndABadBodyFailsTheLoad() async throws {
        try await Region.with(firms: 30, seed: 43) { region in
            let store = SnapshotStore(database: region.database)
            let batch = try #require(try await store.latestBatch())
            let whole = try await ServingState.load(batch, from: region.database)
            let paged = try await ServingState.load(batch, from: region.database, pageSize: 7)
            #expect(paged.count == 30 && whole.count == 30)
            let values = AnswerTemplate.Values(requestID: "r", consentRef: "c", purpose: "p", requestedAmount: 9)
            for uscc in region.firms {
                let a = try #require(whole[uscc]), b = try #require(paged[uscc])
                #expect(a.snapshotID == b.snapshotID)
                #expect(
                    a.score.bytes(values) == b.score.bytes(values) && a.profile.bytes(values) == b.profile.bytes(values)
                )
                #expect(a.products.bytes(values) == b.products.bytes(values))
            }

            // The 15th snapshot loses its model reference; with pages of 7 it is the first of a page.
            let victim = try await store.snapshots(batch: batch.id)[14]
            let database = region.database
            try await database.client.query(
                "ALTER TABLE snapshots DISABLE TRIGGER snapshots_append_only", logger: database.logger)
            try await database.client.query(
                "UPDATE snapshots SET body = (body::jsonb - 'model')::text WHERE id = \(victim.id)",
                logger: database.logger)
            try await database.client.query(
                "ALTER TABLE snapshots ENABLE TRIGGER snapshots_append_only", logger: database.logger)
            let error = await #expect(throws: ServingState.CorruptSnapshotError.self) {
                _ = try await ServingState.load(batch, from: database, pageSize: 7)
            }
            #expect(error?.snapshotID == victim.id && error?.reason.contains("documented shape") == true)
        }
    }

    /// The answer decodes into its generated type, and the generated serializer writes the
    /// same JSON for that value: no member missing, extra, or different. (Not always the same
    /// bytes: the generated serializer prints 7.3e-05 where the snapshots' writer prints 0.000073.)
    static func check<Response: RequestFields>(
        _ prepared: PreparedResponse<Response>, _ values: AnswerTemplate.Values, _ uscc: String
    ) async throws -> Response {
        let rendered = try #require(prepared.bytes(values), "\(uscc) has no template")
        let typed = try JSONDecoder().decode(Response.self, from: Data(rendered))
        let expected = try await generatedJSON(typed)
        #expect(
            try JSONValue(parsing: rendered) == JSONValue(parsing: expected),
            "\(uscc): \(String(decoding: rendered, as: UTF8.self))")
        let sent = PreparedAnswer(body: rendered).httpHeaderFields
        #expect(
            sent[.contentType] == (try headers(typed))[.contentType] && sent[.contentLength] == String(rendered.count))
        return typed
    }

    static let converter = Converter(configuration: .init(jsonEncodingOptions: ScoringServer.jsonOptions))

    static func generatedJSON<Response: RequestFields>(_ typed: Response) async throws -> [UInt8] {
        var headers = HTTPFields()
        let body = try converter.setResponseBodyAsJSON(
            typed, headerFields: &headers, contentType: "application/json; charset=utf-8")
        return try await [UInt8](collecting: body, upTo: 1 << 20)
    }

    static func headers<Response: RequestFields>(_ typed: Response) throws -> HTTPFields {
        var headers = HTTPFields()
        _ = try converter.setResponseBodyAsJSON(
            typed, headerFields: &headers, contentType: "application/json; charset=utf-8")
        return headers
    }

    /// A firm whose own data contains a marker gets no template: its answer is kept typed and
    /// filled in per request.
    @Test func aMarkerInTheDataMeansATypedAnswer() throws {
        let response = Components.Schemas.ScoreResponse(
            requestId: "", uscc: "91500000MA0000001B", consentRef: "", score: 600, pd: 0.05, grade: "B",
            reasons: [], model: .init(id: AnswerTemplate.markers.purpose!, version: "1", sha256: "x"),
            snapshot: .init(id: 1, batchId: 1, asOf: "2026-10-31", hash: "h"), products: [])
        let prepared = try PreparedResponse<FundChainServer.Components.Schemas.ScoreResponse> { values in
            var filled = response
            filled.fill(values)
            return try! JSONValue(parsing: Array(JSONEncoder().encode(filled)))
        }
        let values = AnswerTemplate.Values(requestID: "r", consentRef: "c", purpose: nil, requestedAmount: 5)
        #expect(prepared.bytes(values) == nil)
        let typed = try prepared.response(values)
        #expect(typed.requestId == "r" && typed.consentRef == "c" && typed.requestedAmount == 5 && typed.purpose == nil)
        #expect(typed.model.id == AnswerTemplate.markers.purpose)
    }

    @Test func onlyRangeFindsANeedleThatOccursOnce() {
        let marker = Array("\"\u{E000}m\u{E000}\"".utf8)
        func find(_ text: String, _ needle: [UInt8] = marker) -> Range<Int>? {
            AnswerTemplate.onlyRange(of: needle, in: Array(text.utf8))
        }
        #expect(find("{\"a\":\"\u{E000}m\u{E000}\"}") == 5..<(5 + marker.count))
        #expect(find("\"\u{E000}m\u{E000}\"") == 0..<marker.count)
        #expect(find("\"\u{E000}m\u{E000}\"x\"\u{E000}m\u{E000}\"") == nil, "twice")
        #expect(find("\"\u{E000}n\u{E000}\" \u{E000}\u{E000}\"") == nil, "never, with the pivot byte present")
        #expect(find("\"\u{E000}") == nil, "a prefix at the end")
        #expect(find("") == nil)
        let amount = Array("-9007199254740991".utf8)
        #expect(find("{\"x\":-1,\"requested_amount\":-9007199254740991}", amount) == 27..<(27 + amount.count))
        #expect(find("[-9007199254740991,-9007199254740991]", amount) == nil)
    }
}
