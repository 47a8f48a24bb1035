/// A checkpoint with its Ed25519 signature: a row of the `checkpoints` table, and one published
/// file (`fileBytes()`).
public struct SignedCheckpoint: Sendable, Hashable {
    public let checkpoint: Checkpoint
    /// The bytes signed: `checkpoint.canonicalBytes()`.
    public let body: [UInt8]
    /// `CheckpointPublicKey.id` of the key that signed it.
    public let keyID: String
    /// The 64-byte Ed25519 signature of `body`, lowercase hex.
    public let signature: String

    public init(checkpoint: Checkpoint, keyID: String, signature: String) {
        self.checkpoint = checkpoint
        self.body = checkpoint.canonicalBytes()
        self.keyID = keyID
        self.signature = signature
    }

    /// A stored checkpoint: `body` must be a checkpoint in canonical form.
    public init(body: [UInt8], keyID: String, signature: String) throws(CheckpointError) {
        self.init(checkpoint: try Checkpoint(canonical: body), keyID: keyID, signature: signature)
    }

    /// Lowercase hex SHA-256 of `body`.
    public var hash: String { Checkpoint.hash(of: body) }

    /// Whether `signature` is a valid Ed25519 signature of `body` by `key`.
    public func isSigned(by key: CheckpointPublicKey) -> Bool {
        guard let bytes = Hex.decode(signature), bytes.count == 64 else { return false }
        return key.isValidSignature(bytes, for: body)
    }

    /// Whether one of `keys` (the one whose id is `keyID`) signed it.
    public func isSigned(byOneOf keys: [CheckpointPublicKey]) -> Bool {
        keys.contains { $0.id == keyID && isSigned(by: $0) }
    }

    /// The published file: canonical JSON
    /// `{"checkpoint":{…},"hash":"<hex>","key_id":"<hex>","signature":"<hex>"}` and a newline.
    /// The `checkpoint` member's bytes are `body` exactly.
    public func fileBytes() -> [UInt8] {
        let value = JSONValue.object([
            "checkpoint": checkpoint.json, "hash": .string(hash), "key_id": .string(keyID),
            "signature": .string(signature),
        ])
        return value.canonicalBytes() + [UInt8(ascii: "\n")]
    }

    /// Reads a published file (`fileBytes()`); its `hash` must be the checkpoint's.
    public init(file bytes: [UInt8]) throws(CheckpointError) {
        let text = bytes.last == UInt8(ascii: "\n") ? Array(bytes.dropLast()) : bytes
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch { throw CheckpointError("not JSON: \(error)") }
        guard let inner = value["checkpoint"], inner.objectValue != nil, let keyID = value["key_id"]?.stringValue,
            let signature = value["signature"]?.stringValue, let hash = value["hash"]?.stringValue
        else { throw CheckpointError("needs checkpoint, hash, key_id and signature") }
        try self.init(body: inner.canonicalBytes(), keyID: keyID, signature: signature)
        guard hash == self.hash else { throw CheckpointError("hash does not match its checkpoint") }
    }
}
