import Crypto

/// The Merkle Tree Hash of RFC 6962 §2.1 (SHA-256), with inclusion proofs (§2.1.1) and their
/// verification (RFC 9162 §2.1.3.2).
///
///     MTH({})      = SHA-256()
///     MTH({d0})    = SHA-256(0x00 ‖ d0)
///     MTH(D[n])    = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])),  k = the largest power of 2 < n
///
/// Built bottom-up: each level pairs neighbours left to right and carries a lone last node up
/// unchanged, which gives exactly RFC 6962's left-complete tree. A batch's leaves are its
/// snapshots' 32 raw hash bytes, in the batch's order.
public struct MerkleTree: Sendable {
    /// `levels[0]` holds the leaf hashes, each level the next level's inputs, 32 bytes per node,
    /// concatenated; the last level holds the root alone (none when there are no leaves).
    let levels: [[UInt8]]
    public let count: Int

    /// - Complexity: O(n) hashes for n leaves; 2n × 32 bytes.
    public init(leaves: [[UInt8]]) {
        count = leaves.count
        var level: [UInt8] = []
        level.reserveCapacity(leaves.count * 32)
        for leaf in leaves { level.append(contentsOf: Self.leafHash(leaf)) }
        var levels = [level]
        while level.count > 32 {
            let nodes = level.count / 32
            var next: [UInt8] = []
            next.reserveCapacity((nodes + 1) / 2 * 32)
            var j = 0
            while j + 1 < nodes {
                next.append(
                    contentsOf: Self.nodeHash(level[(j * 32)..<(j * 32 + 32)], level[(j * 32 + 32)..<(j * 32 + 64)]))
                j += 2
            }
            if j < nodes { next.append(contentsOf: level[(j * 32)..<(j * 32 + 32)]) }
            levels.append(next)
            level = next
        }
        self.levels = levels
    }

    /// The Merkle Tree Hash; SHA-256 of the empty string for no leaves.
    public var root: [UInt8] {
        count == 0 ? Array(SHA256.hash(data: [UInt8]())) : levels[levels.count - 1]
    }

    /// PATH(index, D[n]) of RFC 6962 §2.1.1: the sibling hashes from the leaf up to the root.
    /// Precondition: 0 ≤ index < count.
    /// - Complexity: O(log n).
    public func inclusionProof(index: Int) -> [[UInt8]] {
        precondition(index >= 0 && index < count, "leaf index \(index) outside a tree of \(count) leaves")
        var proof: [[UInt8]] = []
        var i = index
        for level in levels.dropLast() {
            let sibling = i ^ 1
            if sibling < level.count / 32 { proof.append(Array(level[(sibling * 32)..<(sibling * 32 + 32)])) }
            i >>= 1
        }
        return proof
    }

    /// Verifies that `leaf` (the leaf data, not its hash) is entry `index` of a tree of
    /// `treeSize` leaves with root `root`, given `proof` (RFC 9162 §2.1.3.2).
    /// - Complexity: O(proof length).
    public static func verify(leaf: [UInt8], index: Int, treeSize: Int, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < treeSize else { return false }
        var fn = index
        var sn = treeSize - 1
        var r = leafHash(leaf)
        for p in proof {
            guard sn != 0, p.count == 32 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p[...], r[...])
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r[...], p[...])
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// SHA-256(0x00 ‖ data).
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(data: data)
        return Array(h.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    static func nodeHash(_ left: ArraySlice<UInt8>, _ right: ArraySlice<UInt8>) -> [UInt8] {
        var h = SHA256()
        h.update(data: [0x01])
        h.update(data: left)
        h.update(data: right)
        return Array(h.finalize())
    }
}
