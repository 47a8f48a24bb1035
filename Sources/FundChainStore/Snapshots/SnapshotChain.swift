import FundChainCore

/// Chains a batch's drafts, one at a time in draft order, to each firm's previous hash, and
/// collects the hashes for the batch's Merkle root. Hashing row by row while the rows stream
/// out lets it overlap with the server's work on the COPY.
struct SnapshotChain {
    /// Each firm's latest hash before this batch.
    let latest: [String: String]
    /// The raw hashes so far, in draft order.
    private(set) var leaves: [[UInt8]] = []

    init(latest: [String: String], capacity: Int) {
        self.latest = latest
        leaves.reserveCapacity(capacity)
    }

    /// The draft's previous hash (`nil` for the firm's first snapshot) and its own hash.
    /// - Complexity: O(body size).
    mutating func link(_ draft: SnapshotDraft) -> (previous: String?, hash: String) {
        let previous = latest[draft.uscc]
        let digest = SnapshotHash.digest(previous: previous, body: draft.body)
        leaves.append(digest)
        return (previous, Hex.encode(digest))
    }

    /// Lowercase hex RFC 6962 root over the hashes linked so far.
    var merkleRoot: String { Hex.encode(MerkleTree(leaves: leaves).root) }
}
