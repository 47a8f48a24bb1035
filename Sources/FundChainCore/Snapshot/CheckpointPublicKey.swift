import Crypto

/// An Ed25519 public key that checks checkpoint signatures. Its file form is PEM
/// `PUBLIC KEY` (RFC 8410 SubjectPublicKeyInfo), as `openssl pkey -pubout` writes it.
public struct CheckpointPublicKey: Sendable {
    /// The 32 raw key bytes (swift-crypto's key types are not `Sendable`; one is made per check).
    public let raw: [UInt8]

    /// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), before the 32 key bytes.
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    init(_ key: Curve25519.Signing.PublicKey) { raw = Array(key.rawRepresentation) }

    /// The key from its 32 raw bytes.
    public init(raw: [UInt8]) throws(CheckpointError) {
        do { _ = try Curve25519.Signing.PublicKey(rawRepresentation: raw) } catch {
            throw CheckpointError("not an Ed25519 public key")
        }
        self.raw = raw
    }

    /// The key from PEM `PUBLIC KEY` text.
    public init(pem: String) throws(CheckpointError) {
        guard let der = PEM.decode(pem, label: "PUBLIC KEY"), der.count == 44, Array(der.prefix(12)) == Self.spkiPrefix
        else {
            throw CheckpointError("not a PEM Ed25519 public key (-----BEGIN PUBLIC KEY-----)")
        }
        try self.init(raw: Array(der.dropFirst(12)))
    }

    /// PEM `PUBLIC KEY` text.
    public var pem: String { PEM.encode(Self.spkiPrefix + raw, label: "PUBLIC KEY") }

    /// The key's id in checkpoints: the first 16 hex digits of SHA-256 of its 32 raw bytes.
    public var id: String { String(Hex.encode(SHA256.hash(data: raw)).prefix(16)) }

    func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        (try? Curve25519.Signing.PublicKey(rawRepresentation: raw))?.isValidSignature(signature, for: message) ?? false
    }
}
