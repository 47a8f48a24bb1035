/// The stable error types of the service (RFC 9457 `type` URIs, listed in openapi.yaml's
/// introduction). Callers switch on `uri`; `title` is its fixed summary.
struct ProblemType: Sendable, Hashable {
    let slug: String
    let title: String
    let status: Int

    static let base = "https://fundchain.example/problems/"
    var uri: String { Self.base + slug }

    static let malformedRequest = Self(slug: "malformed-request", title: "Malformed request", status: 400)
    static let unauthorized = Self(slug: "unauthorized", title: "Unauthorized", status: 401)
    static let forbidden = Self(slug: "forbidden", title: "Forbidden", status: 403)
    static let consentRequired = Self(slug: "consent-required", title: "Consent required", status: 403)
    static let firmNotFound = Self(slug: "firm-not-found", title: "Firm not found", status: 404)
    static let snapshotNotFound = Self(slug: "snapshot-not-found", title: "Snapshot not found", status: 404)
    static let notFound = Self(slug: "not-found", title: "Not found", status: 404)
    static let methodNotAllowed = Self(slug: "method-not-allowed", title: "Method not allowed", status: 405)
    static let payloadTooLarge = Self(slug: "payload-too-large", title: "Payload too large", status: 413)
    static let unsupportedMediaType = Self(slug: "unsupported-media-type", title: "Unsupported media type", status: 415)
    static let invalidField = Self(slug: "invalid-field", title: "Invalid field", status: 422)
    static let notAcceptable = Self(slug: "not-acceptable", title: "Not acceptable", status: 406)
    static let rateLimited = Self(slug: "rate-limited", title: "Too many requests", status: 429)
    static let internalError = Self(slug: "internal-error", title: "Internal error", status: 500)
    static let auditUnavailable = Self(slug: "audit-unavailable", title: "Audit log unavailable", status: 503)
    static let snapshotUnavailable = Self(
        slug: "snapshot-unavailable", title: "Snapshot unavailable", status: 503)
    static let notReady = Self(slug: "not-ready", title: "Not ready", status: 503)
}
