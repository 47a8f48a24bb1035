import Crypto

/// The hash chain of audit flushes (docs/security.md, "Signed checkpoints"). One flush is the
/// rows one INSERT wrote; its hash is
///
///     hex(SHA-256( utf8(previous flush's hash in hex, or "" for the chain's first) ‖ "\n"
///                  ‖ row₁ ‖ "\n" ‖ row₂ ‖ "\n" ‖ … ))
///
/// where the rows are their canonical JSON bytes (the caller's `JSONValue.canonicalBytes()`), in
/// byte order, so the hash does not depend on the order the database returns them in.
public enum AuditChain {
    /// The flush's lowercase hex hash.
    /// - Complexity: O(n log n) in the rows' total size (sorting).
    public static func hash(previous: String?, rows: [[UInt8]]) -> String {
        var hasher = SHA256()
        if let previous { hasher.update(data: Array(previous.utf8)) }
        hasher.update(data: [UInt8(ascii: "\n")])
        for row in rows.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            hasher.update(data: row)
            hasher.update(data: [UInt8(ascii: "\n")])
        }
        return Hex.encode(hasher.finalize())
    }
}
