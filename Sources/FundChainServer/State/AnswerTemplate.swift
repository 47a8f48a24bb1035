import Foundation
import FundChainCore

/// A firm's answer (`POST /v1/scores`, its profile, its products), written once at load and
/// filled in per request.
///
/// Encoding a 3–6 KB answer with the generated serializer costs more than everything else a
/// request does (authentication, lookup, the audit row; measured in docs/server.md), and at load
/// it cost ~0.5 ms per answer, minutes for a 100k-firm batch. All of an answer is the same for
/// every request about the firm except the request's own fields (`RequestFields`). So the load
/// writes each answer once as JSON (`ServingState.firm`, with the JSON writer snapshots are
/// hashed with), with marker values in those fields, and cuts the bytes at the markers; an answer
/// is the pieces with the request's values in between. `AnswerTemplateTests` checks on every firm
/// of a region, with awkward request values, that each answer decodes into the generated
/// response type and that the generated serializer writes the same JSON for it.
struct AnswerTemplate: Sendable {
    enum Field: CaseIterable, Sendable {
        case requestID, consentRef, purpose, requestedAmount

        /// Present in every answer that has it; the others are left out when the request has none.
        var isRequired: Bool { self == .requestID || self == .consentRef }

        /// Its key in the generated responses.
        var key: Components.Schemas.ScoreResponse.CodingKeys {
            switch self {
            case .requestID: .requestId
            case .consentRef: .consentRef
            case .purpose: .purpose
            case .requestedAmount: .requestedAmount
            }
        }
    }

    enum Piece: Sendable {
        case text([UInt8])
        /// A request field; `key` (`,"purpose":`) is written only when the field has a value.
        case field(Field, key: [UInt8])
    }

    let pieces: [Piece]
    /// The bytes of the pieces without the fields.
    let fixedCount: Int

    /// The request's own fields (an answer uses those its `RequestFields.fields` name).
    struct Values: Sendable {
        var requestID: String
        var consentRef: String = ""
        var purpose: String? = nil
        var requestedAmount: Int64? = nil

        /// The field's value as JSON (`null` for an optional field the request left out).
        func json(_ field: Field) -> JSONValue {
            switch field {
            case .requestID: .string(requestID)
            case .consentRef: .string(consentRef)
            case .purpose: purpose.map { .string($0) } ?? .null
            case .requestedAmount: requestedAmount.map { .int($0) } ?? .null
            }
        }
    }

    static let markers = Values(
        requestID: "\u{E000}fundchain-request-id\u{E000}", consentRef: "\u{E000}fundchain-consent-ref\u{E000}",
        purpose: "\u{E000}fundchain-purpose\u{E000}",
        // No request can have it (the API allows 1 … 10^12).
        requestedAmount: -9_007_199_254_740_991)

    /// The template of an answer written with `markers` in the fields `fields` (and no other
    /// occurrence of them), or `nil` when a marker is not found exactly once: the firm's own data
    /// would have to contain one, and its answers are then kept typed.
    init?(marked bytes: [UInt8], fields: [Field]) {
        var cuts: [(range: Range<Int>, field: Field, key: [UInt8])] = []
        for field in fields {
            guard var range = Self.onlyRange(of: Self.markers.json(field).canonicalBytes(), in: bytes) else {
                return nil
            }
            var key: [UInt8] = []
            if !field.isRequired {
                // `,"purpose":` before the value goes with it.
                let name = Array(#",""#.utf8) + Array(field.key.rawValue.utf8) + Array(#"":"#.utf8)
                guard range.lowerBound >= name.count,
                    bytes[(range.lowerBound - name.count)..<range.lowerBound].elementsEqual(name)
                else { return nil }
                key = name
                range = (range.lowerBound - name.count)..<range.upperBound
            }
            cuts.append((range, field, key))
        }
        cuts.sort { $0.range.lowerBound < $1.range.lowerBound }
        var pieces: [Piece] = []
        var at = 0
        for cut in cuts {
            pieces.append(.text(Array(bytes[at..<cut.range.lowerBound])))
            pieces.append(.field(cut.field, key: cut.key))
            at = cut.range.upperBound
        }
        pieces.append(.text(Array(bytes[at...])))
        self.pieces = pieces
        self.fixedCount = pieces.reduce(0) { if case .text(let t) = $1 { $0 + t.count } else { $0 } }
    }

    /// Where `needle` occurs in `haystack`, when it occurs exactly once. A generic search cost
    /// more than the rest of a firm's load, so this one jumps (`memchr`) between occurrences of
    /// the needle's first non-ASCII byte (a marker's U+E000; `-` for the amount), which JSON
    /// text has few of, and compares only there.
    static func onlyRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        let pivot = needle.firstIndex { $0 >= 0x80 } ?? 0
        return haystack.withUnsafeBufferPointer { hay -> Range<Int>? in
            needle.withUnsafeBufferPointer { pin -> Range<Int>? in
                let base = hay.baseAddress!
                var found: Range<Int>?
                var from = pivot
                while from < hay.count, let hit = memchr(base + from, Int32(pin[pivot]), hay.count - from) {
                    let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    let start = at - pivot
                    if start + pin.count <= hay.count, memcmp(base + start, pin.baseAddress!, pin.count) == 0 {
                        if found != nil { return nil }
                        found = start..<(start + pin.count)
                        from = start + pin.count + pivot
                    } else {
                        from = at + 1
                    }
                }
                return found
            }
        }
    }

    /// The answer for one request.
    func render(_ values: Values) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fixedCount + 96 + values.consentRef.utf8.count + (values.purpose?.utf8.count ?? 0))
        for piece in pieces {
            switch piece {
            case .text(let text):
                out += text
            case .field(let field, let key):
                let value = values.json(field)
                if value.isNull { continue }  // an optional field the request left out
                out += key
                Self.write(value, to: &out)
            }
        }
        return out
    }

    /// `value` as the rest of the answer is written; a request id (lowercase hex and hyphens,
    /// nothing to escape) without asking the writer.
    static func write(_ value: JSONValue, to out: inout [UInt8]) {
        if case .string(let text) = value,
            text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || $0 == 0x2D })
        {
            out.append(0x22)
            out += text.utf8
            out.append(0x22)
        } else {
            out += value.canonicalBytes()
        }
    }
}

/// A generated response with fields that come from the request, not from the snapshot.
protocol RequestFields: Codable, Sendable {
    /// The fields the response has (their keys are the same in every response).
    static var fields: [AnswerTemplate.Field] { get }
    /// Sets those fields to `values`'.
    mutating func fill(_ values: AnswerTemplate.Values)
}

extension Components.Schemas.ScoreResponse: RequestFields {
    static var fields: [AnswerTemplate.Field] { AnswerTemplate.Field.allCases }

    mutating func fill(_ values: AnswerTemplate.Values) {
        requestId = values.requestID
        consentRef = values.consentRef
        purpose = values.purpose
        requestedAmount = values.requestedAmount
    }
}

extension Components.Schemas.ProfileResponse: RequestFields {
    static var fields: [AnswerTemplate.Field] { [.requestID] }
    mutating func fill(_ values: AnswerTemplate.Values) { requestId = values.requestID }
}

extension Components.Schemas.ProductsResponse: RequestFields {
    static var fields: [AnswerTemplate.Field] { [.requestID] }
    mutating func fill(_ values: AnswerTemplate.Values) { requestId = values.requestID }
}

/// One of a firm's answers, as kept in memory: its template, or (when the firm's data holds a
/// marker) the typed response.
enum PreparedResponse<Response: RequestFields>: Sendable {
    case template(AnswerTemplate)
    case typed(Response)

    /// - Parameter answer: the answer with the request's fields set to `values`.
    init(_ answer: (AnswerTemplate.Values) -> JSONValue) throws {
        if let template = AnswerTemplate(
            marked: answer(AnswerTemplate.markers).canonicalBytes(), fields: Response.fields)
        {
            self = .template(template)
        } else {
            self = .typed(
                try JSONDecoder().decode(Response.self, from: Data(answer(.init(requestID: "")).canonicalBytes())))
        }
    }

    /// The encoded answer, when it was prepared as a template.
    func bytes(_ values: AnswerTemplate.Values) -> [UInt8]? {
        guard case .template(let template) = self else { return nil }
        return template.render(values)
    }

    /// The typed answer (for a caller that does not accept JSON, which the generated serializer
    /// answers itself; and to check an answer's shape).
    func response(_ values: AnswerTemplate.Values) throws -> Response {
        switch self {
        case .template(let template):
            return try JSONDecoder().decode(Response.self, from: Data(template.render(values)))
        case .typed(var response):
            response.fill(values)
            return response
        }
    }
}
