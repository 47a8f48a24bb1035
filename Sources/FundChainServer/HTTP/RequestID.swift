/// The id of one request (the `X-Request-Id` header, the audit row, problem documents): a
/// random UUID (version 4), written in lower-case hex.
///
/// Made here rather than with Foundation's `UUID().uuidString.lowercased()`, which formats
/// through `snprintf` and then lower-cases a new string: ~1.4 % of the server's CPU per scored
/// request (`perf`), for 36 characters.
enum RequestID {
    static func make() -> String {
        var random = SystemRandomNumberGenerator()
        return make(high: random.next(), low: random.next())
    }

    /// The UUID of these 128 bits (`high` first), with its version (4) and variant (RFC 9562)
    /// bits set.
    static func make(high: UInt64, low: UInt64) -> String {
        let high = high & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = low & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { out in
            var at = 0
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 {
                    out[at] = UInt8(ascii: "-")
                    at += 1
                }
                let word = i < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * (i & 15))) & 0xF
                out[at] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
                at += 1
            }
            return at
        }
    }
}
