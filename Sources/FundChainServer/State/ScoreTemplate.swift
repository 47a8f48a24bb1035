import Foundation

/// A firm's `POST /v1/scores` answer, encoded once at load and filled in per request.
///
/// Encoding a ~3 KB `ScoreResponse` costs more than everything else a score request does
/// (authentication, lookup, the audit row; measured in docs/server.md), and all of it is the
/// same for every request about the firm except four fields: `request_id`, `consent_ref`,
/// `purpose` and `requested_amount`. So the load encodes the generated `ScoreResponse` with
/// marker values in those fields, with the JSON settings the generated server uses
/// (`ScoringServer.jsonEncoder`), and cuts the bytes at the markers; an answer is the pieces with
/// the request's values (each encoded the same way) in between. The result is byte for byte what
/// the generated serializer writes (`ScoreTemplateTests` checks it against OpenAPIRuntime's own
/// converter on every firm of a region, with awkward request values).
struct ScoreTemplate: Sendable {
    enum Field: CaseIterable, Sendable {
        case requestID, consentRef, purpose, requestedAmount

        /// Present in every answer; the others are left out when the request has none.
        var isRequired: Bool { self == .requestID || self == .consentRef }

        /// Its key in the generated `ScoreResponse`.
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

    /// The request's own fields.
    struct Values: Sendable {
        var requestID: String
        var consentRef: String
        var purpose: String?
        var requestedAmount: Int64?
    }

    static let markers: [Field: String] = [
        .requestID: "\u{E000}fundchain-request-id\u{E000}", .consentRef: "\u{E000}fundchain-consent-ref\u{E000}",
        .purpose: "\u{E000}fundchain-purpose\u{E000}",
    ]
    /// A `requested_amount` no request can have (the API allows 1 … 10^12).
    static let amountMarker: Int64 = -9_007_199_254_740_991

    /// The template of `response` (whose four request fields are ignored), or `nil` when a marker
    /// is not found exactly once (the firm's own data would have to contain one): that firm's
    /// answers are then encoded whole, per request.
    init?(_ response: Components.Schemas.ScoreResponse, encoder: JSONEncoder) throws {
        var marked = response
        marked.requestId = Self.markers[.requestID]!
        marked.consentRef = Self.markers[.consentRef]!
        marked.purpose = Self.markers[.purpose]!
        marked.requestedAmount = Self.amountMarker
        let bytes = Array(try encoder.encode(marked))
        var cuts: [(range: Range<Int>, field: Field, key: [UInt8])] = []
        for field in Field.allCases {
            let marker = try field == .requestedAmount
                ? Array(String(Self.amountMarker).utf8) : Array(encoder.encode(Self.markers[field]!))
            let found = bytes.ranges(of: marker)
            guard found.count == 1, var range = found.first else { return nil }
            var key: [UInt8] = []
            if !field.isRequired {
                // `,"purpose":` before the value goes with it.
                let name = Array(#",""#.utf8) + Array(field.key.rawValue.utf8) + Array(#"":"#.utf8)
                guard range.lowerBound >= name.count, Array(bytes[(range.lowerBound - name.count)..<range.lowerBound]) == name
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

    /// The answer for one request.
    func render(_ values: Values, encoder: JSONEncoder) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fixedCount + 96 + values.consentRef.utf8.count + (values.purpose?.utf8.count ?? 0))
        for piece in pieces {
            switch piece {
            case .text(let text):
                out += text
            case .field(let field, let key):
                switch field {
                case .requestID: try Self.append(values.requestID, to: &out, encoder: encoder)
                case .consentRef: try Self.append(values.consentRef, to: &out, encoder: encoder)
                case .purpose:
                    if let purpose = values.purpose {
                        out += key
                        try Self.append(purpose, to: &out, encoder: encoder)
                    }
                case .requestedAmount:
                    if let amount = values.requestedAmount {
                        out += key
                        out += String(amount).utf8
                    }
                }
            }
        }
        return out
    }


    /// `text` as a JSON string, as the encoder writes it; a request id (lowercase hex and
    /// hyphens, nothing to escape) without asking it.
    static func append(_ text: String, to out: inout [UInt8], encoder: JSONEncoder) throws {
        if text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || $0 == 0x2D }) {
            out.append(0x22)
            out += text.utf8
            out.append(0x22)
        } else {
            out += try encoder.encode(text)
        }
    }
}
