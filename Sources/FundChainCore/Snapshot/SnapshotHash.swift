import Crypto

/// The hash chain of a firm's snapshots (docs/snapshots.md):
///
///     hash = hex(SHA-256( utf8(previous hash in hex, or "" for the firm's first snapshot) ‖ "\n" ‖ body ))
///
/// where body is the snapshot's canonical JSON bytes (`JSONValue.canonicalBytes()`). Hex is
/// lowercase. Changing any snapshot changes its hash and so every later hash of that firm.
public enum SnapshotHash {
    /// The lowercase hex hash of a snapshot whose predecessor's hash is `previous`.
    public static func hash(previous: String?, body: [UInt8]) -> String {
        Hex.encode(digest(previous: previous, body: body))
    }

    /// The 32 raw bytes of the same hash (the Merkle leaves of a batch).
    public static func digest(previous: String?, body: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        if let previous { hasher.update(data: Array(previous.utf8)) }
        hasher.update(data: [UInt8(ascii: "\n")])
        hasher.update(data: body)
        return Array(hasher.finalize())
    }
}
