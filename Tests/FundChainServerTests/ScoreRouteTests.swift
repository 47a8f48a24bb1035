import Foundation
import FundChainCore
import FundChainTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import FundChainServer

/// `ScoreRoute`, the hand-written `POST /v1/scores`: which requests it takes, and that it
/// answers them exactly as the generated route does.
@Suite struct ScoreRouteTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test(
        arguments: [
            ([.contentType: "application/json"], true),
            ([.contentType: "Application/JSON; charset=UTF-8"], true),
            ([.contentType: "application/json", .accept: "*/*"], true),
            ([.contentType: "application/json", .accept: "application/*"], true),
            // Under `Accept: application/json` the generated route answers problems with 406.
            ([.contentType: "application/json", .accept: "application/json"], false),
            ([.contentType: "application/json", .accept: "*/*, text/plain"], false),
            ([.contentType: "application/json", .accept: "*/*;q=0.5"], false),
            ([.contentType: "text/plain"], false),
            ([:], false),
        ] as [(HTTPFields, Bool)])
    func takesOnlyPlainHeaders(headers: HTTPFields, plain: Bool) {
        #expect(ScoreRoute.isPlain(headers) == plain)
    }

    @Test func takesOnlyBodiesTheGeneratedRouteDecodes() {
        func decodes(_ text: String) -> Bool { ScoreRoute.decode(ByteBuffer(string: text)) != nil }
        #expect(decodes(#"{"uscc":"91500112MA5U00001H","consent_ref":"C-1"}"#))
        #expect(decodes(#"{"uscc":"x","consent_ref":"C","requested_amount":5,"purpose":"p"}"#))
        #expect(!decodes(#"{"uscc":"91500112MA5U00001H"}"#), "consent_ref missing")
        #expect(!decodes(#"{"uscc":"x","consent_ref":"C","colour":"red"}"#), "a field the schema does not have")
        #expect(!decodes(#"{"uscc":"x","consent_ref":"C","requested_amount":"5"}"#), "a string for an integer")
        #expect(!decodes(#"{"uscc":"x","consent_ref":"C","requested_amount":1e400}"#), "a number out of range")
        #expect(!decodes("[1,2]") && !decodes("") && !decodes("{\"uscc\":\"x\",\u{0}}"))
    }

    /// The same calls through both routes (`Accept: */*, application/json` is not plain, so it
    /// takes the generated one): equal status, content type and body but for the request id.
    @Test(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
    func bothRoutesGiveTheSameAnswers() async throws {
        try await Region.with(firms: 40, seed: 23) { region in
            let key = try await region.key(client: "routes", scopes: ["score"])
            let profileOnly = try await region.key(client: "routes-profile", scopes: ["profile"])
            let firm = region.firms[0]
            let uncovered = region.firms[1]
            try await region.grant([firm], purposes: [.score]) { _ in "C-ROUTE" }
            let calls: [(key: String, body: String, status: Int)] = [
                (key.text, #"{"uscc":"\#(firm)","consent_ref":"C-ROUTE"}"#, 200),
                (
                    key.text,
                    #"{"uscc":"\#(firm.lowercased())","consent_ref":"C-ROUTE","requested_amount":900,"purpose":"stock"}"#,
                    200
                ),
                (key.text, #"{"uscc":"\#(uncovered)","consent_ref":"C-ROUTE"}"#, 403),
                (key.text, #"{"uscc":"91500000000000000X","consent_ref":"C-ROUTE"}"#, 422),
                (key.text, #"{"uscc":"\#(firm)","consent_ref":"C-ROUTE","requested_amount":0}"#, 422),
                (key.text, #"{"uscc":"\#(firm)","consent_ref":""}"#, 422),
                (key.text, #"{"uscc":"\#(firm)","consent_ref":"C-ROUTE","extra":1}"#, 422),
                (key.text, #"{"uscc":"\#(firm)""#, 400),
                // Hostile: nesting far past any decoder's limit, a number past every range.
                (key.text, #"{"uscc":\#(String(repeating: "[", count: 20_000))"#, 400),
                (key.text, #"{"uscc":"\#(firm)","consent_ref":"C-ROUTE","requested_amount":1e999999}"#, 400),
                (
                    key.text,
                    #"{"uscc":"\#(firm)","consent_ref":"C-ROUTE","purpose":"\#(String(repeating: "x", count: 70_000))"}"#,
                    413
                ),
                (profileOnly.text, #"{"uscc":"\#(firm)","consent_ref":"C-ROUTE"}"#, 403),
                (
                    "fc_000000000000_" + String(repeating: "0", count: 64), #"{"uscc":"\#(firm)","consent_ref":"C"}"#,
                    401
                ),
            ]
            try await region.withServer { client in
                for call in calls {
                    let plain = try await client.execute(.post, "/v1/scores", key: call.key, json: call.body)
                    let generated = try await client.execute(
                        .post, "/v1/scores", key: call.key, headers: [.accept: "*/*, application/json"], json: call.body
                    )
                    #expect(plain.status.code == call.status, "\(call.body)")
                    #expect(generated.status == plain.status, "\(call.body)")
                    #expect(generated.headers[.contentType] == plain.headers[.contentType], "\(call.body)")
                    #expect(
                        generated.headers[.contentLength] == plain.headers[.contentLength], "\(call.body)")
                    #expect(
                        try Self.withoutRequestID(generated) == Self.withoutRequestID(plain),
                        "\(String(buffer: plain.body)) \(String(buffer: generated.body))")
                }
            }
            // Every call of this key audited once, by either route: those that reached a firm, and
            // the bodies refused before (not decoded: 400, 422; too large: 413), with the status
            // each answered.
            let rows = try await region.auditRows(client: "routes")
            #expect(rows.count == 2 * 11)
            #expect(rows.allSatisfy { $0.route == "createScore" })
            let statuses = calls.filter { $0.key == key.text }.map(\.status)
            #expect(rows.map(\.status).sorted() == (statuses + statuses).sorted())
        }
    }

    /// The body with its request id (a new one per call) blanked.
    static func withoutRequestID(_ response: TestResponse) throws -> [UInt8] {
        let text = String(buffer: response.body)
        let id = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
        #expect(text.contains(id) || response.status.code == 400)
        return Array(text.replacingOccurrences(of: id, with: "-").utf8)
    }
}
