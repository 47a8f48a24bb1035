import Hummingbird
import NIOCore

/// The scoring service's request context: Hummingbird's basic one, plus the connection's channel,
/// from which `ConnectionMiddleware` reads a bank's TLS client certificate.
struct ScoringRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
