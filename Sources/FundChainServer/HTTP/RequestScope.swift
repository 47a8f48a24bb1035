/// Who is calling and which request this is: set by `ServiceMiddleware` around the operation
/// handler, read by the handlers (for the audit row and `request_id`).
struct RequestScope: Sendable {
    var requestID: String
    var operationID: String
    var principal: KeyRing.Principal?
    /// Under mutual TLS, the caller's client certificate (`ClientCertificateName.describe`).
    var clientCertificate: String? = nil
    /// The caller's IP address (`ConnectionMiddleware`), for the audit row.
    var source: String? = nil

    @TaskLocal static var current: RequestScope?
}
