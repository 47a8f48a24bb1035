import Hummingbird
import NIOCore

/// Makes the caller's IP address `current` for the rest of the request, so that the audit row
/// of every call, refused ones included, says where it came from (`audit_log.source`).
struct SourceAddressMiddleware: RouterMiddleware {
    typealias Context = ScoringRequestContext

    /// The request's remote IP address; `nil` when the connection has none (in-process tests).
    @TaskLocal static var current: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await Self.$current.withValue(context.channel.remoteAddress?.ipAddress) { try await next(request, context) }
    }
}
