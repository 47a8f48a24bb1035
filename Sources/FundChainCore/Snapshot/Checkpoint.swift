import Crypto

/// What one build vouches for: a snapshot batch's identity and Merkle root, chained to the
/// previous checkpoint (a transparency-log style log of roots, docs/security.md "Signed
/// checkpoints"). Signed with Ed25519 (`CheckpointSigningKey.sign(_:)`), stored in the
/// `checkpoints` table and published outside the database, one file per checkpoint.
///
/// Its one byte form is `canonicalBytes()`: the canonical JSON (`JSONValue.canonicalBytes()`) of
///
///     {"as_of":"YYYY-MM-DD","batch_id":n,"firm_count":n,"format":"fundchain-checkpoint/1",
///      "merkle_root":"<hex>","models":["<hex>",…],"previous_hash":"<hex>"|null,"sequence":n,
///      "time":"YYYY-MM-DDTHH:MM:SSZ","audit_heads":[{"chain":…,"hash":…,"seq":n},…]}
///
/// (keys sorted, no whitespace). Its hash is the lowercase hex SHA-256 of those bytes; the
/// signature is Ed25519 over the same bytes.
public struct Checkpoint: Sendable, Hashable {
    public static let format = "fundchain-checkpoint/1"

    /// Position in the checkpoint log, consecutive from 1.
    public var sequence: Int64
    /// The snapshot batch vouched for (`snapshot_batches.id`).
    public var batchID: Int64
    /// The batch's as-of date, `YYYY-MM-DD`.
    public var asOf: String
    /// Snapshots in the batch.
    public var firmCount: Int
    /// Lowercase hex RFC 6962 Merkle root over the batch's snapshot hashes (docs/snapshots.md).
    public var merkleRoot: String
    /// Lowercase hex `hash` of checkpoint `sequence - 1`; `nil` for the first checkpoint.
    public var previousHash: String?
    /// Lowercase hex SHA-256 of every scoring model text the batch used (today: one).
    public var models: [String]
    /// When the batch was committed: UTC, RFC 3339 to the second (`2025-04-01T08:30:00Z`).
    public var time: String
    /// The head of every audit chain when the batch was written, by chain id.
    public var auditHeads: [AuditHead]

    public init(
        sequence: Int64, batchID: Int64, asOf: String, firmCount: Int, merkleRoot: String, previousHash: String?,
        models: [String], time: String, auditHeads: [AuditHead] = []
    ) {
        self.sequence = sequence
        self.batchID = batchID
        self.asOf = asOf
        self.firmCount = firmCount
        self.merkleRoot = merkleRoot
        self.previousHash = previousHash
        self.models = models
        self.time = time
        self.auditHeads = auditHeads.sorted { $0.chain < $1.chain }
    }

    /// The JSON value whose canonical bytes are signed.
    public var json: JSONValue {
        .object([
            "format": .string(Self.format),
            "sequence": .int(sequence),
            "batch_id": .int(batchID),
            "as_of": .string(asOf),
            "firm_count": .int(Int64(firmCount)),
            "merkle_root": .string(merkleRoot),
            "previous_hash": previousHash.map { .string($0) } ?? .null,
            "models": .array(models.map { .string($0) }),
            "time": .string(time),
            "audit_heads": .array(auditHeads.map(\.json)),
        ])
    }

    /// The one byte encoding: canonical JSON of `json`.
    public func canonicalBytes() -> [UInt8] { json.canonicalBytes() }

    /// Lowercase hex SHA-256 of `canonicalBytes()`: what the next checkpoint's `previousHash` names.
    public var hash: String { Self.hash(of: canonicalBytes()) }

    /// Lowercase hex SHA-256 of `bytes`.
    public static func hash(of bytes: [UInt8]) -> String { Hex.encode(SHA256.hash(data: bytes)) }

    /// Reads a checkpoint back from its bytes, which must be exactly its canonical form (so that
    /// the bytes signed are the bytes read).
    public init(canonical bytes: [UInt8]) throws(CheckpointError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch { throw CheckpointError("not JSON: \(error)") }
        guard value["format"]?.stringValue == Self.format else {
            throw CheckpointError("format is not \(Self.format)")
        }
        func string(_ key: String) throws(CheckpointError) -> String {
            guard let s = value[key]?.stringValue else { throw CheckpointError("\(key) is missing or not a string") }
            return s
        }
        func int(_ key: String) throws(CheckpointError) -> Int64 {
            guard case .int(let i)? = value[key] else { throw CheckpointError("\(key) is missing or not an integer") }
            return i
        }
        let previous: String?
        switch value["previous_hash"] {
        case .null?: previous = nil
        case .string(let s)?: previous = s
        default: throw CheckpointError("previous_hash is missing or not a string or null")
        }
        guard let models = value["models"]?.arrayValue?.compactMap(\.stringValue),
            models.count == value["models"]?.arrayValue?.count
        else { throw CheckpointError("models is missing or not a list of strings") }
        guard let count = Int(exactly: try int("firm_count")) else {
            throw CheckpointError("firm_count is out of range")
        }
        guard let headValues = value["audit_heads"]?.arrayValue else {
            throw CheckpointError("audit_heads is missing or not a list")
        }
        let heads = headValues.compactMap(AuditHead.init(json:))
        guard heads.count == headValues.count else {
            throw CheckpointError("audit_heads has an entry that is not a chain head")
        }
        self.init(
            sequence: try int("sequence"), batchID: try int("batch_id"), asOf: try string("as_of"), firmCount: count,
            merkleRoot: try string("merkle_root"), previousHash: previous, models: models, time: try string("time"),
            auditHeads: heads)
        guard canonicalBytes() == bytes else { throw CheckpointError("not in canonical form, or has unknown keys") }
    }
}

/// A checkpoint that cannot be read or does not verify; the description is safe to show a user.
public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
