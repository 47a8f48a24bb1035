import Foundation
import FundChainCore
import FundChainStore

/// The path every firm-touching operation takes: check the request's own fields, find the
/// firm in the served batch, render its answer, write the audit row with the outcome, and only
/// once that row is committed send anything.
extension ScoringHandlers {
    enum Outcome<Body: Sendable>: Sendable {
        case found(Body)
        /// 403, 404, 422 or 503.
        case problem(Components.Schemas.Problem)

        /// The operation's output: 200, or the problem's 403, 404, 422 or 503 (with Retry-After).
        func output<Output>(
            ok: (Body) -> Output, forbidden: (Components.Responses.Forbidden) -> Output,
            notFound: (Components.Responses.NotFound) -> Output,
            invalid: (Components.Responses.InvalidField) -> Output,
            unavailable: (Components.Responses.Unavailable) -> Output
        ) -> Output {
            switch self {
            case .found(let body): ok(body)
            case .problem(let p):
                switch ScoringHandlers.sentStatus(p) {
                case 403: forbidden(.init(body: .applicationProblemJson(p)))
                case 404: notFound(.init(body: .applicationProblemJson(p)))
                case 422: invalid(.init(body: .applicationProblemJson(p)))
                default: unavailable(.init(headers: .init(retryAfter: 1), body: .applicationProblemJson(p)))
                }
            }
        }
    }

    /// The status a handler's problem is sent with: its own where the operations document it
    /// (403, 404, 422), 503 (with `Retry-After: 1`) otherwise. The generated route (`output`)
    /// and the hand-written one (`ScoreRoute.problem`) both send by it.
    static func sentStatus(_ problem: Components.Schemas.Problem) -> Int {
        [403, 404, 422].contains(problem.status) ? problem.status : 503
    }

    /// - Parameters:
    ///   - invalid: a field of the request body already found invalid (422).
    ///   - answer: the answer for the served batch, the firm found, its USCC and the request id;
    ///     when it throws, the call is audited and answered as 503 `snapshot-unavailable`.
    func lookUp<Body: Sendable>(
        uscc text: String, consent: String?, invalid: (field: String, detail: String)? = nil,
        answer: (ServingState, ServingState.Firm, String, String) async throws -> Body
    ) async -> Outcome<Body> {
        let scope =
            RequestScope.current
            ?? RequestScope(requestID: RequestID.make(), operationID: "", principal: nil)
        var row = auditRow(scope, uscc: String(text.prefix(64)), consent: consent.map { String($0.prefix(128)) })
        var problem: (ProblemType, String, String?)?
        var found: ServingState.Firm?
        var body: Body?
        if let invalid {
            problem = (.invalidField, invalid.detail, invalid.field)
        } else if let consentProblem = Self.checkConsent(consent) {
            problem = (.invalidField, consentProblem, "consent_ref")
        } else {
            do {
                let uscc = try USCC(text)
                row.uscc = uscc.code
                // Consent before existence: without it, not even whether the firm is covered is told.
                if let refusal = self.consent(for: uscc.code, reference: consent ?? "", scope: scope, row: &row) {
                    problem = (.consentRequired, refusal, "consent_ref")
                } else if let serving = state.snapshots {
                    found = serving[uscc.code]
                    if let firm = found {
                        do {
                            body = try await answer(serving, firm, uscc.code, scope.requestID)
                        } catch let error as ServingState.ChangedSnapshotError {
                            problem = (.snapshotUnavailable, "\(error)", nil)
                        } catch let error as ServingState.CorruptSnapshotError {
                            problem = (.snapshotUnavailable, "\(error); nothing was disclosed", nil)
                        } catch {
                            problem = (.snapshotUnavailable, "the firm's snapshot cannot be read now; retry later", nil)
                        }
                    } else {
                        problem = (.firmNotFound, "no snapshot of firm \(uscc.code) in batch \(serving.batch.id)", nil)
                    }
                } else {
                    problem = (.notReady, "no snapshot batch is loaded yet; retry later", nil)
                }
            } catch {
                problem = (.invalidField, "uscc: \(error)", "uscc")
            }
        }
        row.snapshotID = problem == nil ? found?.snapshotID : nil
        row.status = problem?.0.status ?? 200
        do {
            try await record(row)
        } catch {
            return .problem(Self.problem(.auditUnavailable, Self.auditDetail, requestID: scope.requestID))
        }
        if let (type, detail, field) = problem {
            return .problem(Self.problem(type, detail, field: field, requestID: scope.requestID))
        }
        return .found(body!)
    }

    /// `GET /v1/snapshots/{id}`: a stored snapshot of the batch being served, read from PostgreSQL,
    /// under a live consent of its firm for this bank with purpose `profile` (a snapshot is the
    /// firm's whole profile). Any other id answers 404.
    func snapshot(id: Int64, consent: String?) async -> Outcome<Components.Schemas.SnapshotResponse> {
        let scope =
            RequestScope.current
            ?? RequestScope(requestID: RequestID.make(), operationID: "", principal: nil)
        var row = auditRow(scope, uscc: "", consent: consent.map { String($0.prefix(128)) })
        let invalid: (field: String, detail: String)? =
            id < 1
            ? ("id", "id must be a positive integer, not \(id)")
            : Self.checkConsent(consent).map { ("consent_ref", $0) }
        if let invalid {
            row.status = 422
            do { try await record(row) } catch {
                return .problem(Self.problem(.auditUnavailable, Self.auditDetail, requestID: scope.requestID))
            }
            return .problem(
                Self.problem(.invalidField, invalid.detail, field: invalid.field, requestID: scope.requestID))
        }
        let store = snapshots
        let stored: StoredSnapshot?
        do {
            guard state.databaseUp.load(ordering: .relaxed) else {
                throw AuditLog.UnavailableError(description: "database down")
            }
            // Only the served batch's: not a newer one still loading or refused (its checkpoint
            // did not verify), and not history (the view hides earlier batches from the service).
            let served = state.snapshots?.batch.id
            stored = try await withDeadline(databaseTimeout) { try await store.snapshot(id: id) }.flatMap {
                $0.batchID == served ? $0 : nil
            }
        } catch {
            return .problem(Self.problem(.auditUnavailable, Self.auditDetail, requestID: scope.requestID))
        }
        row.uscc = stored?.uscc ?? ""
        let refusal = stored.flatMap { self.consent(for: $0.uscc, reference: consent ?? "", scope: scope, row: &row) }
        row.snapshotID = refusal == nil ? stored?.id : nil
        row.status = stored == nil ? 404 : refusal == nil ? 200 : 403
        do { try await record(row) } catch {
            return .problem(Self.problem(.auditUnavailable, Self.auditDetail, requestID: scope.requestID))
        }
        if let refusal {
            return .problem(Self.problem(.consentRequired, refusal, field: "consent_ref", requestID: scope.requestID))
        }
        guard let s = stored else {
            return .problem(
                Self.problem(
                    .snapshotNotFound, "no snapshot with id \(id) in the served batch", requestID: scope.requestID))
        }
        return .found(
            Components.Schemas.SnapshotResponse(
                requestId: scope.requestID, id: s.id, batchId: s.batchID, uscc: s.uscc, asOf: s.asOf.description,
                score: s.score, pd: s.pd, grade: s.grade, inputFingerprint: s.inputFingerprint, prevHash: s.prevHash,
                hash: s.hash, body: String(decoding: s.body, as: UTF8.self)))
    }

    /// The purpose each firm operation needs a consent for.
    static let purpose: [String: ConsentPurpose] = [
        "createScore": .score, "getFirmProfile": .profile, "getFirmProducts": .products, "getSnapshot": .profile,
    ]

    /// Finds the live consent naming `reference` for this firm, the caller's bank and the
    /// operation's purpose, and records its id in `row`; returns why not when there is none.
    func consent(for uscc: String, reference: String, scope: RequestScope, row: inout AuditStore.Row) -> String? {
        guard let purpose = Self.purpose[scope.operationID], let bank = scope.principal?.bankCode else {
            return "this operation is not available under a consent"
        }
        let today = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970)
        guard
            let consent = state.consents.live(
                uscc: uscc, bankCode: bank, purpose: purpose, reference: reference, on: today)
        else {
            return "no live consent '\(reference)' of firm \(uscc) for bank \(bank) and purpose '\(purpose)' "
                + "(it may be unknown, expired, revoked, or for another bank or purpose)"
        }
        row.consentID = consent.id
        return nil
    }

    static let auditDetail = "the request cannot be audited now, so nothing was disclosed; retry later"

    func auditRow(_ scope: RequestScope, uscc: String, consent: String?) -> AuditStore.Row {
        AuditStore.Row(
            at: Date(), requestID: scope.requestID, client: scope.principal?.client ?? "",
            bankCode: scope.principal?.bankCode ?? "", keyID: scope.principal?.keyID ?? 0, route: scope.operationID,
            uscc: uscc, consentRef: consent, snapshotID: nil, status: 0, clientCertificate: scope.clientCertificate,
            source: scope.source)
    }

    /// Writes the row, failing at once while the last probe found PostgreSQL down (a request
    /// must not wait for a timeout it is sure to hit).
    func record(_ row: AuditStore.Row) async throws {
        guard state.databaseUp.load(ordering: .relaxed) else {
            throw AuditLog.UnavailableError(description: "database down")
        }
        try await audit.record(row)
    }

    /// Why a consent reference is unacceptable, or `nil`: required, 1–128 characters, no control characters.
    static func checkConsent(_ consent: String?) -> String? {
        guard let consent, !consent.isEmpty else {
            return "consent_ref is required (the reference of the firm's consent to this query)"
        }
        guard consent.count <= 128 else { return "consent_ref must have at most 128 characters" }
        guard !consent.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "consent_ref must not contain control characters"
        }
        return nil
    }

    static func problem(_ type: ProblemType, _ detail: String, field: String? = nil, requestID: String)
        -> Components.Schemas.Problem
    {
        ProblemResponses.problem(type, detail: detail, field: field, requestID: requestID)
    }
}
