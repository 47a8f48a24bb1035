import Foundation
import FundChainStore
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Wraps every OpenAPI operation: gives the request an id, authenticates the API key and checks
/// the operation's scope (401/403), applies the key's rate limit (429), caps the body (413),
/// turns request-decoding failures into problem documents (400/415), and records the request's
/// latency and status per operation. A call it refuses (401, 403, 429) is written to the audit
/// log too, with its source address, before it is answered.
struct ServiceMiddleware: ServerMiddleware {
    let state: LiveState
    /// Where refused calls are recorded; `nil` records nothing (tests of the middleware alone).
    let audit: AuditLog?
    let limiter: RateLimiter
    let metrics: ServerMetrics
    let maxBodyBytes: Int
    let logger: Logger

    /// Who may call an operation.
    enum Access: Sendable, Equatable {
        /// No key: liveness, readiness, the spec.
        case open
        /// An API key holding this scope.
        case scope(String)
    }

    /// Every operation of openapi.yaml and its access (the spec's security requirements;
    /// `OpenAPIDocumentTests` ties the two). Deny by default: an operation missing here is
    /// refused with 403 whoever calls it, so a new route is closed until it is listed.
    static let access: [String: Access] = [
        "createScore": .scope("score"), "getFirmProducts": .scope("score"), "getFirmProfile": .scope("profile"),
        "getSnapshot": .scope("snapshot"), "getHealth": .open, "getReadiness": .open, "getMetrics": .scope("metrics"),
        "getOpenAPI": .open,
    ]
    static let requestIDField = HTTPField.Name("X-Request-Id")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let start = ContinuousClock.now
        // Always our own id: a caller-chosen one could collide in the audit log.
        let requestID = RequestID.make()
        var (response, responseBody) = await handle(
            request, body: body, metadata: metadata, operationID: operationID, requestID: requestID, next: next)
        response.headerFields[Self.requestIDField] = requestID
        metrics.request(route: operationID, status: response.status.code, duration: .now - start)
        return (response, responseBody)
    }

    func handle(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        requestID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async -> (HTTPResponse, HTTPBody?) {
        var scope = RequestScope(
            requestID: requestID, operationID: operationID, principal: nil,
            clientCertificate: ConnectionMiddleware.current.clientCertificate,
            source: ConnectionMiddleware.current.source)
        guard let access = Self.access[operationID] else {
            logger.error(
                "operation without an access rule refused", metadata: ["fundchain.operation": "\(operationID)"])
            await recordRefusal(scope, status: 403)
            return ProblemResponses.response(
                .forbidden, detail: "this operation is not open to any key", requestID: requestID)
        }
        if case .scope(let required) = access {
            guard
                case .authenticated(let principal) = state.keys.authenticate(
                    authorization: request.headerFields[.authorization])
            else {
                await recordRefusal(scope, status: 401)
                return ProblemResponses.response(
                    .unauthorized, detail: "a valid API key is required: Authorization: Bearer fc_<prefix>_<secret>",
                    requestID: requestID, headers: [.wwwAuthenticate: "Bearer"])
            }
            scope.principal = principal
            guard principal.scopes.contains(required) else {
                await recordRefusal(scope, status: 403)
                return ProblemResponses.response(
                    .forbidden, detail: "this operation needs scope '\(required)'", requestID: requestID)
            }
            if case .limited(let seconds) = limiter.take(key: principal.keyID) {
                await recordRefusal(scope, status: 429)
                return ProblemResponses.response(
                    .rateLimited, detail: "rate limit of this API key exceeded; retry after \(seconds) s",
                    requestID: requestID, headers: [.retryAfter: String(seconds)])
            }
        }
        // From here on a refusal is the body's fault (413, or the generated decoder's 400, 415,
        // 422): audited like the key's refusals above, so every call that reaches an operation
        // leaves a row, whether or not a firm was looked at.
        var body = body
        if let presented = body {
            if case .known(let length) = presented.length, length > maxBodyBytes {
                return await tooLarge(scope)
            }
            do {
                body = HTTPBody(try await [UInt8](collecting: presented, upTo: maxBodyBytes))
            } catch {
                return await tooLarge(scope)
            }
        }
        do {
            return try await RequestScope.$current.withValue(scope) { try await next(request, body, metadata) }
        } catch let error as ServerError {
            // A handler's answer thrown whole. (Only ours: OpenAPIRuntime's own decoding errors are
            // HTTPResponseConvertible too, and become problem documents below.)
            if let prepared = error.underlyingError as? PreparedAnswer {
                return (
                    HTTPResponse(status: prepared.httpStatus, headerFields: prepared.httpHeaderFields),
                    prepared.httpBody
                )
            }
            let refused = problem(for: error, requestID: requestID)
            if error.operationInput == nil { await recordRefusal(scope, status: Int(refused.0.status.code)) }
            return refused
        } catch {
            logger.error("operation failed", metadata: ["fundchain.operation": "\(operationID)"])
            return ProblemResponses.response(
                .internalError, detail: "an internal error occurred; it has been logged", requestID: requestID)
        }
    }

    /// A body that is JSON but has a field missing, of the wrong type, or unknown: 422 naming
    /// the field (a body that is not JSON at all stays 400).
    static func invalidField(_ error: any Error) -> (field: String, detail: String)? {
        guard let decoding = error as? DecodingError else { return nil }
        func name(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch decoding {
        case .keyNotFound(let key, let context):
            let field = name(context.codingPath + [key])
            return (field, "\(field) is required")
        case .typeMismatch(let type, let context) where !context.codingPath.isEmpty:
            let field = name(context.codingPath)
            return (field, "\(field) must be of type \(Self.jsonType(type))")
        case .valueNotFound(_, let context) where !context.codingPath.isEmpty:
            let field = name(context.codingPath)
            return (field, "\(field) must not be null")
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let field = name(context.codingPath)
            return (field, "\(field) is not allowed or not valid here")
        default:
            return nil
        }
    }

    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Int64.Type, is Int32.Type: "integer"
        case is Double.Type: "number"
        case is Bool.Type: "boolean"
        default: "object"
        }
    }

    /// Writes the audit row of a refused call (no firm, no consent: the key as far as it is
    /// known, and the source address). The refusal is answered whether or not the row could be
    /// written: it discloses nothing, and a database outage must not turn 401s into 503s.
    func recordRefusal(_ scope: RequestScope, status: Int) async {
        guard let audit, state.databaseUp.load(ordering: .relaxed) else { return }
        let row = AuditStore.Row(
            at: Date(), requestID: scope.requestID, client: scope.principal?.client ?? "",
            bankCode: scope.principal?.bankCode ?? "", keyID: scope.principal?.keyID ?? 0, route: scope.operationID,
            uscc: "", consentRef: nil, snapshotID: nil, status: status, clientCertificate: scope.clientCertificate,
            source: scope.source)
        do {
            try await audit.record(row)
        } catch {
            logger.debug("refused call not audited", metadata: ["fundchain.operation": "\(scope.operationID)"])
        }
    }

    /// 413, audited as a refusal of `scope` (here, and in `ScoreRoute`, which reads its body
    /// itself).
    func tooLarge(_ scope: RequestScope) async -> (HTTPResponse, HTTPBody?) {
        await recordRefusal(scope, status: 413)
        return ProblemResponses.response(
            .payloadTooLarge, detail: "the request body exceeds \(maxBodyBytes) bytes", requestID: scope.requestID)
    }

    /// A failure of the generated code: decoding the request (the caller's fault: 4xx) or
    /// encoding the response (ours: 500, logged, never described to the caller).
    func problem(for error: ServerError, requestID: String) -> (HTTPResponse, HTTPBody?) {
        guard error.operationInput == nil else {
            logger.error("response encoding failed", metadata: ["fundchain.operation": "\(error.operationID)"])
            return ProblemResponses.response(
                .internalError, detail: "an internal error occurred; it has been logged", requestID: requestID)
        }
        switch error.httpStatus.code {
        case 415:
            return ProblemResponses.response(
                .unsupportedMediaType, detail: "the request body must be application/json", requestID: requestID)
        case 406:
            return ProblemResponses.response(
                .notAcceptable, detail: "the Accept header excludes application/json", requestID: requestID)
        default:
            if let (field, detail) = Self.invalidField(error.underlyingError) {
                return ProblemResponses.response(.invalidField, detail: detail, field: field, requestID: requestID)
            }
            let cause = String(String(describing: error.underlyingError).prefix(240))
            return ProblemResponses.response(
                .malformedRequest, detail: "the request is not of the documented shape: \(cause)", requestID: requestID)
        }
    }
}
