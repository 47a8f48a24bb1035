import Foundation
import FundChainCore
import FundChainStore
import OpenAPIRuntime

/// The OpenAPI operations (APIProtocol, generated from openapi.yaml). Thin: answers come from
/// the snapshots the build wrote; these only look them up, check the request's own fields,
/// and audit the call.
struct ScoringHandlers: APIProtocol {
    let state: LiveState
    let audit: AuditLog
    let snapshots: SnapshotStore
    let metrics: ServerMetrics
    /// Longest wait for a snapshot read from PostgreSQL.
    let databaseTimeout: Duration

    func createScore(_ input: Operations.CreateScore.Input) async throws -> Operations.CreateScore.Output {
        guard case .json(let request) = input.body else { throw UnexpectedInputError() }
        return try await score(request, json: Self.acceptsJSON(input.headers.accept)).output(
            ok: { .ok(.init(headers: .init(xRequestId: $0.requestId), body: .json($0))) },
            forbidden: Operations.CreateScore.Output.forbidden, notFound: Operations.CreateScore.Output.notFound,
            invalid: Operations.CreateScore.Output.unprocessableContent,
            unavailable: Operations.CreateScore.Output.serviceUnavailable)
    }

    /// `POST /v1/scores` once its body is decoded, for `createScore` and `ScoreRoute`: the
    /// request's own fields checked, then `answer`.
    ///
    /// - Parameter json: whether the caller takes `application/json` (see `answer`).
    func score(_ request: Components.Schemas.ScoreRequest, json: Bool) async throws -> Outcome<
        Components.Schemas.ScoreResponse
    > {
        var invalid: (field: String, detail: String)?
        if let amount = request.requestedAmount, !(1...1_000_000_000_000).contains(amount) {
            invalid = ("requested_amount", "requested_amount must be whole yuan in 1 … 10^12, not \(amount)")
        } else if let purpose = request.purpose, purpose.count > 200 {
            invalid = ("purpose", "purpose must have at most 200 characters, not \(purpose.count)")
        }
        let values = AnswerTemplate.Values(
            requestID: "", consentRef: request.consentRef, purpose: request.purpose,
            requestedAmount: request.requestedAmount)
        return try await answer(
            uscc: request.uscc, consent: request.consentRef, values: values, invalid: invalid, json: json
        ) { _, firm, _, values in
            try firm.score.bytes(values).map { .bytes($0) } ?? .typed(firm.score.response(values))
        }
    }

    func getFirmProfile(_ input: Operations.GetFirmProfile.Input) async throws -> Operations.GetFirmProfile.Output {
        let consent = input.headers.xConsentRef ?? input.query.consentRef
        return try await answer(uscc: input.path.uscc, consent: consent, json: Self.acceptsJSON(input.headers.accept)) {
            .bytes(try await reread(.profile, $0, $1, uscc: $2, values: $3))
        }
        .output(
            ok: { .ok(.init(headers: .init(xRequestId: $0.requestId), body: .json($0))) },
            forbidden: Operations.GetFirmProfile.Output.forbidden,
            notFound: Operations.GetFirmProfile.Output.notFound,
            invalid: Operations.GetFirmProfile.Output.unprocessableContent,
            unavailable: Operations.GetFirmProfile.Output.serviceUnavailable)
    }

    func getFirmProducts(_ input: Operations.GetFirmProducts.Input) async throws -> Operations.GetFirmProducts.Output {
        let consent = input.headers.xConsentRef ?? input.query.consentRef
        return try await answer(uscc: input.path.uscc, consent: consent, json: Self.acceptsJSON(input.headers.accept)) {
            .bytes(try await reread(.products, $0, $1, uscc: $2, values: $3))
        }
        .output(
            ok: { .ok(.init(headers: .init(xRequestId: $0.requestId), body: .json($0))) },
            forbidden: Operations.GetFirmProducts.Output.forbidden,
            notFound: Operations.GetFirmProducts.Output.notFound,
            invalid: Operations.GetFirmProducts.Output.unprocessableContent,
            unavailable: Operations.GetFirmProducts.Output.serviceUnavailable)
    }

    /// An answer as `render` gives it: encoded, or typed (a firm whose data holds a template marker).
    enum Rendered<Response: Sendable>: Sendable {
        case bytes([UInt8])
        case typed(Response)
    }

    /// A firm's answer: looked up, rendered and audited (`lookUp`), then sent pre-encoded, by
    /// throwing it as a `PreparedAnswer`, when the caller takes JSON; otherwise typed, through the
    /// generated serializer.
    ///
    /// - Parameters:
    ///   - json: whether the caller takes `application/json`: only then is an answer prepared as
    ///     bytes sent as they are.
    ///   - render: the answer for the served batch, the firm, its USCC and the request's values.
    func answer<Response: RequestFields>(
        uscc: String, consent: String?, values: AnswerTemplate.Values = .init(requestID: ""),
        invalid: (field: String, detail: String)? = nil, json: Bool,
        render:
            @escaping @Sendable (ServingState, ServingState.Firm, String, AnswerTemplate.Values) async throws ->
            Rendered<Response>
    ) async throws -> Outcome<Response> {
        let outcome = await lookUp(uscc: uscc, consent: consent, invalid: invalid) {
            serving, firm, uscc, requestID -> Rendered<Response> in
            var values = values
            values.requestID = requestID
            switch try await render(serving, firm, uscc, values) {
            case .bytes(let bytes) where !json:
                return .typed(try JSONDecoder().decode(Response.self, from: Data(bytes)))
            case let rendered: return rendered
            }
        }
        switch outcome {
        case .problem(let problem): return .problem(problem)
        case .found(.bytes(let bytes)): throw PreparedAnswer(body: bytes)
        case .found(.typed(let response)): return .found(response)
        }
    }

    /// The firm's profile or products answer, from its snapshot read again from PostgreSQL (the
    /// served batch keeps only score answers; `ServingState.answer(_:of:uscc:stored:values:)`).
    func reread(
        _ kind: ServingState.OnRequest, _ serving: ServingState, _ firm: ServingState.Firm, uscc: String,
        values: AnswerTemplate.Values
    ) async throws -> [UInt8] {
        guard state.databaseUp.load(ordering: .relaxed) else {
            throw AuditLog.UnavailableError(description: "database down")
        }
        let store = snapshots
        let id = firm.snapshotID
        let stored = try await withDeadline(databaseTimeout) { try await store.snapshot(id: id, firm: uscc) }
        return try serving.answer(kind, of: firm, uscc: uscc, stored: stored, values: values)
    }

    /// Whether the caller takes `application/json` (the generated serializer answers 406
    /// otherwise, so only such requests take the pre-encoded answer).
    static func acceptsJSON<Accepted: AcceptableProtocol>(_ accept: [AcceptHeaderContentType<Accepted>]) -> Bool {
        accept.contains { ["application/json", "*/*", "application/*"].contains($0.contentType.rawValue.lowercased()) }
    }

    func getSnapshot(_ input: Operations.GetSnapshot.Input) async throws -> Operations.GetSnapshot.Output {
        let outcome = await snapshot(id: input.path.id, consent: input.headers.xConsentRef ?? input.query.consentRef)
        return outcome.output(
            ok: { .ok(.init(headers: .init(xRequestId: $0.requestId), body: .json($0))) },
            forbidden: Operations.GetSnapshot.Output.forbidden, notFound: Operations.GetSnapshot.Output.notFound,
            invalid: Operations.GetSnapshot.Output.unprocessableContent,
            unavailable: Operations.GetSnapshot.Output.serviceUnavailable)
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let serving = state.snapshots
        let databaseUp = state.databaseUp.load(ordering: .relaxed)
        let readiness = Components.Schemas.Readiness(
            ready: serving != nil && databaseUp, database: databaseUp ? .up : .down, batchId: serving?.batch.id,
            firms: serving?.count ?? 0, snapshotAgeSeconds: serving.map { Date().timeIntervalSince($0.batch.createdAt) }
        )
        return readiness.ready ? .ok(.init(body: .json(readiness))) : .serviceUnavailable(.init(body: .json(readiness)))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(metrics.exposition(batchCreatedAt: state.snapshots?.batch.createdAt)))))
    }

    func getOpenAPI(_ input: Operations.GetOpenAPI.Input) async throws -> Operations.GetOpenAPI.Output {
        .ok(.init(body: .yaml(HTTPBody(EmbeddedOpenAPI.yaml))))
    }

    /// The generated code handed over a body of a content type the spec does not declare.
    struct UnexpectedInputError: Error {}
}
