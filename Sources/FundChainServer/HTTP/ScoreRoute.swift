import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat
import OpenAPIRuntime
import Synchronization

/// `POST /v1/scores`, the banks' hot path, answered without the generated OpenAPI layer when
/// the request is the plain case; anything else goes on to the generated route, which stays the
/// definition of the operation.
///
/// Why by hand (measured with `Benchmarks/server/run.sh`, docs/server.md): the generated route
/// converts the request into a streamed `HTTPBody`, parses its media types, wraps every step in
/// closures and errors, and hands the answer back as a stream that Hummingbird writes as three
/// separate flushes (head, body, end: three TLS records and three `write`s). That was about a
/// fifth of a score's server CPU (102–112 µs → 78–94 µs per score); here the answer is one
/// `ByteBuffer`, written in one flush. Scores 11,874 → 13,692 req/s (scores/healthz 0.336 →
/// 0.407, same script, same session).
///
/// Only what the generated route would do is done, by the same code where it can be: the body is
/// read into the generated `ScoreRequest` by `PlainScoreRequest`, which takes only the bodies
/// the generated decoder takes, and reads them as it does; the call goes through `ServiceMiddleware`
/// (request id, key, scope, rate limit, refusals audited, metrics); the answer is
/// `ScoringHandlers.score`'s; problems are encoded as the generated serializer encodes them.
/// A request is plain when its `Content-Type` is JSON, its `Accept` absent or a single wildcard
/// (`isPlain`), and its body is of the plain form; otherwise — nothing having been counted, audited or
/// answered yet — it goes on, its body already read, to the generated route, which answers
/// exactly as before (400, 406, 415, 422). `ScoreRouteTests` checks both routes give the same
/// answers.
struct ScoreRoute: RouterMiddleware {
    typealias Context = ScoringRequestContext

    let handlers: ScoringHandlers
    let service: ServiceMiddleware
    /// The generated server's JSON settings (`ScoringServer.jsonOptions`; no dates in the
    /// schemas), which problem documents written outside the handlers use too.
    static var encoder: JSONEncoder { ProblemResponses.encoder }
    static let path = "/v1/scores"
    static let operationID = "createScore"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .post, request.uri.path == Self.path, Self.isPlain(request.headers) else {
            return try await next(request, context)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: service.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            // As the generated route: the key first (401/403/429), then 413.
            return try await respond(request.head) { requestID in
                let scope =
                    RequestScope.current
                    ?? RequestScope(requestID: requestID, operationID: Self.operationID, principal: nil)
                let (response, problem) = await service.tooLarge(scope)
                guard let problem else { return (response, []) }
                return (response, try await [UInt8](collecting: problem, upTo: .max))
            }
        }
        // Not plain: the generated route decodes it and takes it, or names what is wrong.
        guard let decoded = Self.decode(body) else { return try await next(request, context) }
        return try await respond(request.head) { requestID in
            do {
                switch try await handlers.score(decoded, json: true) {
                case .found(let typed):
                    // A firm whose answer could not be prepared as a template (`AnswerTemplate`).
                    return Self.json(try Self.encoder.encode(typed), status: .ok, contentType: Self.jsonType)
                case .problem(let problem):
                    return Self.problem(problem)
                }
            } catch let prepared as PreparedAnswer {
                return (
                    HTTPResponse(status: prepared.httpStatus, headerFields: prepared.httpHeaderFields), prepared.body
                )
            }
        }
    }

    /// The call through `ServiceMiddleware`, `operation` answering for an authorised key; the
    /// answer as one buffer.
    ///
    /// The operation's bytes go around `ServiceMiddleware` (whose interface passes a body as an
    /// `HTTPBody`, a stream) in `answer`: wrapping the prepared answer in an `HTTPBody` only to
    /// iterate it back out cost ~1 % of a score's server CPU. What the middleware answers itself
    /// (a refusal, 413) comes back as its `HTTPBody`.
    func respond(
        _ head: HTTPRequest, operation: @escaping @Sendable (String) async throws -> (HTTPResponse, [UInt8])
    ) async throws -> Response {
        let answer = Answer()
        let (response, body) = try await service.intercept(
            head, body: nil, metadata: .init(), operationID: Self.operationID
        ) { _, _, _ in
            let (response, bytes) = try await operation(RequestScope.current?.requestID ?? "")
            answer.bytes.withLock { $0 = bytes }
            return (response, nil)
        }
        var buffer: ByteBuffer
        if let bytes = answer.bytes.withLock({ $0.take() }) {
            buffer = ByteBuffer(bytes: bytes)
        } else {
            buffer = ByteBuffer()
            if let body {
                for try await chunk in body { buffer.writeBytes(chunk) }
            }
        }
        return Response(status: response.status, headers: response.headerFields, body: .init(byteBuffer: buffer))
    }

    /// What `respond`'s operation answered, handed past `ServiceMiddleware`.
    final class Answer: Sendable {
        let bytes = Mutex<[UInt8]?>(nil)
    }

    static let jsonType = "application/json; charset=utf-8"

    /// The body as the generated route would decode it, or `nil` when that would fail or the body
    /// is not of the plain form (`PlainScoreRequest`).
    static func decode(_ body: ByteBuffer) -> Components.Schemas.ScoreRequest? {
        body.withUnsafeReadableBytes { PlainScoreRequest.read($0) }
    }

    static func json(_ data: Data, status: HTTPResponse.Status, contentType: String) -> (HTTPResponse, [UInt8]) {
        (
            HTTPResponse(
                status: status, headerFields: [.contentType: contentType, .contentLength: String(data.count)]),
            Array(data)
        )
    }

    /// A handler's problem as the generated serializer sends it (`ScoringHandlers.Outcome.output`):
    /// 403, 404 and 422 as they are, anything else 503 with `Retry-After: 1`.
    static func problem(_ problem: Components.Schemas.Problem) -> (HTTPResponse, [UInt8]) {
        let status = ScoringHandlers.sentStatus(problem)
        var (response, body) = json(
            (try? encoder.encode(problem)) ?? Data(#"{"status":\#(status)}"#.utf8),
            status: .init(code: status), contentType: "application/problem+json; charset=utf-8")
        if status == 503 { response.headerFields[.retryAfter] = "1" }
        return (response, body)
    }

    /// Whether the generated route would take the request's body as JSON and could answer both
    /// JSON and problem documents: one `Content-Type`, `application/json` (optionally
    /// `; charset=utf-8`), and no `Accept` or a single one that is `*/*` or `application/*`. (Under
    /// `Accept: application/json` the generated serializer answers a problem with 406; such
    /// requests take the generated route, which does so.)
    static func isPlain(_ headers: HTTPFields) -> Bool {
        let contentTypes = headers[values: .contentType]
        guard contentTypes.count == 1,
            ["application/json", "application/json; charset=utf-8", "application/json;charset=utf-8"].contains(
                contentTypes[0].lowercased())
        else { return false }
        let accepts = headers[values: .accept]
        return accepts.isEmpty
            || (accepts.count == 1 && ["*/*", "application/*"].contains(accepts[0].lowercased()))
    }
}
