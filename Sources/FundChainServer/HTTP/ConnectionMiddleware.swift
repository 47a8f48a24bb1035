import Hummingbird
import NIOCore
import NIOSSL

/// Makes what the request's connection says about the caller `current` for the rest of the
/// request, so that `ServiceMiddleware` puts it in the `RequestScope` and every audit row,
/// refused calls' included, records it (`audit_log.source`, `audit_log.client_cert`).
struct ConnectionMiddleware: RouterMiddleware {
    typealias Context = ScoringRequestContext

    /// What the connection says about the caller.
    struct Caller: Sendable {
        /// The remote IP address; `nil` when the connection has none (in-process tests).
        var source: String?
        /// Under mutual TLS, the verified client certificate (`ClientCertificateName.describe`).
        var clientCertificate: String?
    }

    @TaskLocal static var current = Caller()

    /// Whether to read the client certificate (mutual TLS only: one hop to the connection's
    /// event loop per request, where the TLS handler may be read).
    let readsClientCertificate: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var caller = Caller(source: context.channel.remoteAddress?.ipAddress)
        if readsClientCertificate {
            let certificate = try? await context.channel.nioSSL_peerCertificate().get()
            caller.clientCertificate = certificate.flatMap { try? ClientCertificateName.describe($0) }
        }
        return try await Self.$current.withValue(caller) { try await next(request, context) }
    }
}
