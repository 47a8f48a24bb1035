import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime
import PostgresNIO
import Testing

@testable import FundChainServer

/// Answers are the generated response types' JSON: the score answer prepared at load and the
/// profile and products built on request from the snapshot read again; every one decodes into
/// its type, and the generated serializer writes the same JSON for it. A snapshot changed since
/// the load answers nothing.
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
            let store = SnapshotStore(database: region.database, view: .served)
            let batch = try #require(try await store.latestBatch())
            let serving = try await ServingState.load(batch, from: region.database)
            #expect(serving.count == region.firms.count)
            for uscc in region.firms {
                let firm = try #require(serving[uscc])
                let stored = try await store.snapshot(id: firm.snapshotID, firm: uscc)
                #expect(stored?.hash == firm.hash)
                for values in Self.requests {
                    let score: FundChainServer.Components.Schemas.ScoreResponse = try await Self.check(
                        try #require(firm.score.bytes(values)), values, uscc)
                    #expect(score.requestId == values.requestID && score.consentRef == values.consentRef)
                    #expect(score.purpose == values.purpose && score.requestedAmount == values.requestedAmount)
                    #expect(score.uscc == uscc && score.snapshot.id == firm.snapshotID)
                    let profile: FundChainServer.Components.Schemas.ProfileResponse = try await Self.check(
                        try serving.answer(.profile, of: firm, uscc: uscc, stored: stored, values: values), values, uscc
                    )
                    #expect(profile.requestId == values.requestID && profile.snapshot == score.snapshot)
                    let products: FundChainServer.Components.Schemas.ProductsResponse = try await Self.check(
                        try serving.answer(.products, of: firm, uscc: uscc, stored: stored, values: values), values,
                        uscc)
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
                #expect(a.snapshotID == b.snapshotID && a.hash == b.hash)
                #expect(a.score.bytes(values) == b.score.bytes(values))
            }

            // The 15th snapshot loses its model reference; with pages of 7 it is the first of a page.
            let victim = try await store.snapshots(batch: batch.id)[14]
            try await Self.rewrite(region.database, "(body::jsonb - 'model')::text", id: victim.id)
            let error = await #expect(throws: ServingState.CorruptSnapshotError.self) {
                _ = try await ServingState.load(batch, from: region.database, pageSize: 7)
            }
            #expect(error?.snapshotID == victim.id && error?.reason.contains("documented shape") == true)
        }
    }

    /// A snapshot rewritten after the load (its body, or its hash with it), gone, or another
    /// firm's gives no profile or products: the answer is refused, naming the snapshot.
    @Test func aSnapshotChangedSinceTheLoadAnswersNothing() async throws {
        try await Region.with(firms: 30, seed: 43) { region in
            let store = SnapshotStore(database: region.database, view: .served)
            let batch = try #require(try await store.latestBatch())
            let serving = try await ServingState.load(batch, from: region.database)
            let values = AnswerTemplate.Values(requestID: "r")
            let (uscc, other) = (region.firms[0], region.firms[1])
            let firm = try #require(serving[uscc])
            let stored = try #require(try await store.snapshot(id: firm.snapshotID, firm: uscc))
            #expect(try await store.snapshot(id: firm.snapshotID, firm: other) == nil)
            _ = try serving.answer(.profile, of: firm, uscc: uscc, stored: stored, values: values)

            func refused(_ snapshot: StoredSnapshot?, _ why: String) {
                for kind in [ServingState.OnRequest.profile, .products] {
                    let error = #expect(throws: ServingState.ChangedSnapshotError.self) {
                        _ = try serving.answer(kind, of: firm, uscc: uscc, stored: snapshot, values: values)
                    }
                    #expect(error?.snapshotID == firm.snapshotID && error?.reason.contains(why) == true)
                }
            }
            refused(nil, "no longer stored")
            var theirs = try #require(try await store.latestSnapshot(firm: other))
            refused(theirs, "no longer stored")
            theirs.id = firm.snapshotID
            refused(theirs, "no longer stored")

            // A lower score in the body: its hash no longer matches; with the hash column rewritten
            // to match, it still is not the hash loaded.
            try await Self.rewrite(region.database, "replace(body, '\"points\":', '\"points\":1')", id: stored.id)
            var changed = try #require(try await store.snapshot(id: firm.snapshotID, firm: uscc))
            #expect(changed.body != stored.body)
            refused(changed, "does not hash to the hash loaded")
            changed.hash = Hex.encode(SnapshotHash.digest(previous: changed.prevHash, body: changed.body))
            refused(changed, "does not hash to the hash loaded")
        }
    }

    /// Rewrites one snapshot's body past the append-only trigger, as a database administrator could.
    static func rewrite(_ database: Database, _ body: String, id: Int64) async throws {
        for statement in [
            "ALTER TABLE snapshots DISABLE TRIGGER snapshots_append_only",
            "UPDATE snapshots SET body = \(body) WHERE id = \(id)",
            "ALTER TABLE snapshots ENABLE TRIGGER snapshots_append_only",
        ] {
            try await database.client.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
        }
    }

    /// The answer decodes into its generated type, and the generated serializer writes the
    /// same JSON for that value: no member missing, extra, or different. (Not always the same
    /// bytes: the generated serializer prints 7.3e-05 where the snapshots' writer prints 0.000073.)
    static func check<Response: RequestFields>(_ rendered: [UInt8], _ values: AnswerTemplate.Values, _ uscc: String)
        async throws -> Response
    {
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
