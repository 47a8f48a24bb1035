import HTTPTypes
import Hummingbird
import Logging

/// Outermost middleware: answers what no operation handled (an unknown path, a wrong method, an
/// error escaping everything else) with a problem document instead of an empty body, and
/// counts such requests in the metrics as route `unmatched`. Never shows an error's text.
struct RoutingProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        do {
            return try await next(request, context)
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let problemType: ProblemType =
                switch status.code {
                case 404: .notFound
                case 405: .methodNotAllowed
                case 413: .payloadTooLarge
                case 400..<500: .malformedRequest
                default: .internalError
                }
            if problemType == .internalError {
                logger.error("unhandled error", metadata: ["fundchain.error": "\(String(reflecting: type(of: error)))"])
            }
            let detail =
                switch problemType {
                case .notFound: "no such path; see GET /openapi.yaml"
                case .methodNotAllowed: "this path does not take method \(request.method.rawValue)"
                case .internalError: "an internal error occurred; it has been logged"
                default: "the request could not be processed"
                }
            let requestID = RequestID.make()
            let (head, body) = ProblemResponses.response(
                problemType, detail: detail, requestID: requestID, instance: nil,
                headers: [HTTPField.Name("X-Request-Id")!: requestID])
            metrics.request(route: "unmatched", status: problemType.status, duration: .now - start)
            var bytes: [UInt8] = []
            for try await chunk in body { bytes += chunk }
            return Response(
                status: head.status, headers: head.headerFields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
