import Crypto

/// The Ed25519 key a build signs checkpoints with. Kept in a file outside the database (mode
/// 0600), as PEM `PRIVATE KEY` (RFC 8410 PKCS #8, as `openssl genpkey -algorithm ed25519`
/// writes it). Its text never goes to argv or a log: `description` shows only the key id.
public struct CheckpointSigningKey: Sendable, CustomStringConvertible {
    /// The 32-byte seed (swift-crypto's key types are not `Sendable`; one is made per use).
    let seed: [UInt8]
    // The seed was checked in init: this cannot fail.
    var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    /// DER prefix of an Ed25519 PKCS #8 OneAsymmetricKey (RFC 8410 §7), before the 32-byte seed.
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// A new random key.
    public static func generate() -> CheckpointSigningKey { CheckpointSigningKey(key: .init()) }

    init(key: Curve25519.Signing.PrivateKey) { seed = Array(key.rawRepresentation) }

    /// The key from its 32-byte seed (RFC 8032 private key).
    public init(seed: [UInt8]) throws(CheckpointError) {
        do { _ = try Curve25519.Signing.PrivateKey(rawRepresentation: seed) } catch {
            throw CheckpointError("not a 32-byte Ed25519 seed")
        }
        self.seed = seed
    }

    /// The key from PEM `PRIVATE KEY` text.
    public init(pem: String) throws(CheckpointError) {
        guard let der = PEM.decode(pem, label: "PRIVATE KEY"), der.count == 48,
            Array(der.prefix(16)) == Self.pkcs8Prefix
        else { throw CheckpointError("not a PEM Ed25519 private key (-----BEGIN PRIVATE KEY-----)") }
        try self.init(seed: Array(der.dropFirst(16)))
    }

    /// PEM `PRIVATE KEY` text (secret: write it only to a 0600 file).
    public var pem: String { PEM.encode(Self.pkcs8Prefix + seed, label: "PRIVATE KEY") }

    public var publicKey: CheckpointPublicKey { CheckpointPublicKey(key.publicKey) }

    /// Signs the checkpoint's canonical bytes.
    public func sign(_ checkpoint: Checkpoint) throws -> SignedCheckpoint {
        let signature = try key.signature(for: checkpoint.canonicalBytes())
        return SignedCheckpoint(checkpoint: checkpoint, keyID: publicKey.id, signature: Hex.encode(signature))
    }

    public var description: String { "Ed25519 signing key \(publicKey.id)" }
}
