import FundChainCore

/// The hashes of a batch's drafts chained to each firm's previous hash, and their Merkle root.
struct SnapshotChain: Sendable {
    /// Per draft, the firm's previous hash (`nil` for its first snapshot).
    let previous: [String?]
    /// Per draft, its hash (lowercase hex).
    let hashes: [String]
    /// Lowercase hex RFC 6962 root over the raw hashes in draft order.
    let merkleRoot: String

    /// - Complexity: O(total body size).
    init(drafts: [SnapshotDraft], previous latest: [String: String]) {
        var previous: [String?] = []
        var hashes: [String] = []
        var leaves: [[UInt8]] = []
        previous.reserveCapacity(drafts.count)
        hashes.reserveCapacity(drafts.count)
        leaves.reserveCapacity(drafts.count)
        for draft in drafts {
            let prev = latest[draft.uscc]
            let digest = SnapshotHash.digest(previous: prev, body: draft.body)
            previous.append(prev)
            hashes.append(Hex.encode(digest))
            leaves.append(digest)
        }
        self.previous = previous
        self.hashes = hashes
        self.merkleRoot = Hex.encode(MerkleTree(leaves: leaves).root)
    }
}
