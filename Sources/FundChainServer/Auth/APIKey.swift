import Crypto
import FundChainCore

/// An API key of the scoring service: `fc_<prefix>_<secret>`, 12 lowercase hex characters of
/// prefix (not secret: it finds the key's row and appears in `apikey list`) and 64 of secret
/// (32 random bytes). Only the SHA-256 of the whole key is stored; the key is high-entropy, so a
/// fast hash is enough (no password-style stretching).
public struct APIKey: Sendable, Equatable {
    public let prefix: String
    /// The whole key text, `fc_<prefix>_<secret>`. Never log it.
    public let text: String

    static let prefixLength = 12
    static let secretLength = 64

    /// A new random key. Uses the system's cryptographically secure generator (`getrandom`),
    /// not `SeededGenerator`: a key must not be reproducible from a seed.
    public static func generate() -> APIKey {
        var rng = SystemRandomNumberGenerator()
        let prefixBytes = (0..<prefixLength / 2).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let secretBytes = (0..<secretLength / 2).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let prefix = Hex.encode(prefixBytes)
        return APIKey(prefix: prefix, text: "fc_\(prefix)_\(Hex.encode(secretBytes))")
    }

    /// Parses a presented key's shape (not whether it exists): `nil` when it is not `fc_<12 hex>_<64 hex>`.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 3 + Self.prefixLength + 1 + Self.secretLength,
            bytes[0] == UInt8(ascii: "f"), bytes[1] == UInt8(ascii: "c"), bytes[2] == UInt8(ascii: "_"),
            bytes[3 + Self.prefixLength] == UInt8(ascii: "_")
        else { return nil }
        let isHex = { (b: UInt8) in (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) }
        guard bytes[3..<(3 + Self.prefixLength)].allSatisfy(isHex), bytes[(4 + Self.prefixLength)...].allSatisfy(isHex)
        else { return nil }
        self.prefix = String(decoding: bytes[3..<(3 + Self.prefixLength)], as: UTF8.self)
        self.text = String(decoding: bytes, as: UTF8.self)
    }

    init(prefix: String, text: String) {
        self.prefix = prefix
        self.text = text
    }

    /// Lowercase hex SHA-256 of the key text, as stored in `api_keys.key_sha256`.
    public var sha256: String { Hex.encode(digest) }

    /// The SHA-256 of the key text, as bytes (what `KeyRing` compares on every request).
    var digest: SHA256Digest { SHA256.hash(data: Array(text.utf8)) }

    /// Compares a digest with an expected one without an early exit, so the time taken does not
    /// tell how many leading bytes matched.
    static func constantTimeEqual(_ digest: SHA256Digest, _ expected: [UInt8]) -> Bool {
        digest.withUnsafeBytes { bytes in
            guard bytes.count == expected.count else { return false }
            var difference: UInt8 = 0
            for i in 0..<bytes.count { difference |= bytes[i] ^ expected[i] }
            return difference == 0
        }
    }
}
