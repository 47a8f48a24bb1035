/// The latest flush of one audit chain (docs/security.md, "Signed checkpoints"): the server's
/// audit writer chains its flushes, each flush's hash covering its rows and the previous flush's
/// hash. Checkpoints carry every chain's head, so deleting the latest flushes shows.
public struct AuditHead: Sendable, Hashable {
    /// The chain's id (one per audit writer run).
    public var chain: String
    /// The flush's position in its chain, from 1.
    public var seq: Int64
    /// Lowercase hex hash of the flush (`AuditChain.hash`).
    public var hash: String

    public init(chain: String, seq: Int64, hash: String) {
        self.chain = chain
        self.seq = seq
        self.hash = hash
    }

    /// `{"chain":…,"hash":…,"seq":…}`.
    public var json: JSONValue { .object(["chain": .string(chain), "seq": .int(seq), "hash": .string(hash)]) }

    /// Reads `json`; `nil` when it is not one.
    public init?(json: JSONValue) {
        guard let chain = json["chain"]?.stringValue, case .int(let seq)? = json["seq"],
            let hash = json["hash"]?.stringValue,
            json.objectValue?.count == 3
        else { return nil }
        self.init(chain: chain, seq: seq, hash: hash)
    }
}
