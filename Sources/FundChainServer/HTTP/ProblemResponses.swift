import Foundation
import HTTPTypes
import OpenAPIRuntime

/// RFC 9457 documents written outside the typed handlers (authentication, rate limits, body
/// limits, routing, request decoding): the same `Problem` schema the handlers return.
enum ProblemResponses {
    static let contentType = "application/problem+json"
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func problem(
        _ type: ProblemType, detail: String, field: String? = nil, instance: String? = nil, requestID: String?
    ) -> Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: type.uri, title: type.title, status: type.status, detail: detail, instance: instance, field: field,
            requestId: requestID)
    }

    /// The HTTP response and body of a problem, with any extra header fields.
    static func response(
        _ type: ProblemType, detail: String, field: String? = nil, requestID: String?, instance: String? = nil,
        headers: HTTPFields = [:]
    ) -> (HTTPResponse, HTTPBody) {
        let document = problem(type, detail: detail, field: field, instance: instance, requestID: requestID)
        let bytes = (try? encoder.encode(document)).map { Array($0) } ?? Array(#"{"type":"\#(type.uri)"}"#.utf8)
        var fields = headers
        fields[.contentType] = contentType
        return (HTTPResponse(status: .init(code: type.status), headerFields: fields), HTTPBody(bytes))
    }
}
