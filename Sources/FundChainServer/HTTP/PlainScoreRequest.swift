/// Reads the usual `POST /v1/scores` body — one JSON object of the schema's four fields, strings
/// without escapes, an integer amount — straight from its bytes.
///
/// Why by hand: Foundation's `JSONDecoder` with the generated `Decodable` (which also looks
/// for unknown keys) was about 6 % of a score's server CPU, some 5 µs for a 60-byte body
/// (`perf` under `Benchmarks/server/run.sh`, docs/server.md). This reader takes only what it can
/// read exactly; for anything else — an escape, `null`, a fraction or exponent, an unknown or
/// repeated key, a missing field, invalid UTF-8, any syntax error — it answers `nil`, and
/// `ScoreRoute` hands the body to the generated route, whose decoder accepts it or names the
/// error. So it never accepts what `JSONDecoder` refuses, nor reads a value differently:
/// `PlainScoreRequestTests` checks both on generated and mutated bodies against `JSONDecoder`.
enum PlainScoreRequest {
    /// The request, or `nil` when the body is not of the plain form.
    static func read(_ bytes: UnsafeRawBufferPointer) -> Components.Schemas.ScoreRequest? {
        var reader = Reader(bytes: bytes.assumingMemoryBound(to: UInt8.self))
        return reader.request()
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func request() -> Components.Schemas.ScoreRequest? {
            var uscc: String?
            var consentRef: String?
            var purpose: String?
            var amount: Int64?
            var amountSeen = false
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            skipSpace()
            if !take(UInt8(ascii: "}")) {
                repeat {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipSpace()
                    switch key {
                    case "uscc" where uscc == nil:
                        guard let value = string() else { return nil }
                        uscc = value
                    case "consent_ref" where consentRef == nil:
                        guard let value = string() else { return nil }
                        consentRef = value
                    case "purpose" where purpose == nil:
                        guard let value = string() else { return nil }
                        purpose = value
                    case "requested_amount" where !amountSeen:
                        amountSeen = true
                        amount = integer()
                        if amount == nil { return nil }
                    default: return nil
                    }
                    skipSpace()
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipSpace()
            guard at == bytes.count, let uscc, let consentRef else { return nil }
            return .init(uscc: uscc, consentRef: consentRef, requestedAmount: amount, purpose: purpose)
        }

        /// JSON's whitespace: space, tab, line feed, carriage return.
        mutating func skipSpace() {
            while at < bytes.count {
                switch bytes[at] {
                case 0x20, 0x09, 0x0A, 0x0D: at += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// A string without escapes or control characters, valid UTF-8.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = at
            while at < bytes.count {
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") {
                    defer { at += 1 }
                    return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                at += 1
            }
            return nil
        }

        /// An integer as JSON writes it (`-`?, then `0` or digits without a leading zero), with no
        /// fraction or exponent, that fits in 64 bits.
        mutating func integer() -> Int64? {
            let negative = take(UInt8(ascii: "-"))
            let start = at
            var value: Int64 = 0
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) {
                let digit = Int64(bytes[at] - UInt8(ascii: "0"))
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) =
                    negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                value = next
                at += 1
            }
            let digits = at - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if at < bytes.count {
                switch bytes[at] {
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
                default: break
                }
            }
            return value
        }
    }
}
