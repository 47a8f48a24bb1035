import HTTPTypes
import OpenAPIRuntime

/// A 200 answer whose body is already encoded (`AnswerTemplate`).
///
/// The generated handler interface takes typed answers only, and the generated serializer then
/// encodes them. A handler holding its answer's bytes throws them instead, as an error that is an
/// HTTP response (OpenAPIRuntime's `HTTPResponseConvertible`); `ServiceMiddleware` sends it as
/// the generated serializer sends a JSON answer (status 200, `Content-Type`, `Content-Length`;
/// the middleware adds `X-Request-Id` to every answer).
struct PreparedAnswer: Error, HTTPResponseConvertible {
    let body: [UInt8]

    var httpStatus: HTTPResponse.Status { .ok }
    var httpHeaderFields: HTTPFields {
        [.contentType: "application/json; charset=utf-8", .contentLength: String(body.count)]
    }
    var httpBody: HTTPBody? { HTTPBody(body) }
}
