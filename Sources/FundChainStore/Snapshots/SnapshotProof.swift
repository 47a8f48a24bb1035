import FundChainCore

/// An RFC 6962 inclusion proof of one snapshot's hash in its batch's Merkle tree
/// (`SnapshotStore.inclusionProof(snapshot:)`), checkable with `MerkleTree.verify` or the few
/// lines of Python in docs/snapshots.md.
public struct SnapshotProof: Sendable, Equatable {
    public var snapshotID: Int64
    public var batchID: Int64
    public var uscc: String
    /// The snapshot's hash (hex): the leaf data, whose leaf hash is SHA-256(0x00 ‖ raw 32 bytes).
    public var hash: String
    /// The snapshot's position in the batch's Merkle order (snapshot id order), from 0.
    public var leafIndex: Int
    public var treeSize: Int
    /// The batch's stored Merkle root (hex).
    public var merkleRoot: String
    /// PATH(leafIndex, D[treeSize]) of RFC 6962 §2.1.1, leaf to root, hex.
    public var auditPath: [String]

    public init(
        snapshotID: Int64, batchID: Int64, uscc: String, hash: String, leafIndex: Int, treeSize: Int,
        merkleRoot: String,
        auditPath: [String]
    ) {
        self.snapshotID = snapshotID
        self.batchID = batchID
        self.uscc = uscc
        self.hash = hash
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.merkleRoot = merkleRoot
        self.auditPath = auditPath
    }

    /// `MerkleTree.verify` on this proof.
    public var isValid: Bool {
        guard let leaf = Hex.decode(hash), let root = Hex.decode(merkleRoot) else { return false }
        let path = auditPath.compactMap(Hex.decode)
        guard path.count == auditPath.count else { return false }
        return MerkleTree.verify(leaf: leaf, index: leafIndex, treeSize: treeSize, proof: path, root: root)
    }

    /// The JSON form `fundchain snapshot proof` prints (docs/snapshots.md).
    public var json: JSONValue {
        [
            "format": "fundchain-inclusion-proof/1", "snapshot_id": .int(snapshotID), "batch_id": .int(batchID),
            "uscc": .string(uscc), "hash": .string(hash), "leaf_index": .int(Int64(leafIndex)),
            "tree_size": .int(Int64(treeSize)), "merkle_root": .string(merkleRoot),
            "audit_path": .array(auditPath.map { .string($0) }),
        ]
    }
}

extension SnapshotStore {
    /// The inclusion proof of snapshot `id` in its batch: the leaf index is its position in the
    /// batch's snapshot id order, the order `writeBatch` built the root in. Throws `notFound` for
    /// an unknown snapshot and `corruptData` when the stored hashes no longer give the stored
    /// root (`snapshot verify` says why).
    /// - Complexity: O(batch size) hashes.
    public func inclusionProof(snapshot id: Int64) async throws -> SnapshotProof {
        guard let snapshot = try await snapshot(id: id) else { throw StoreError(.notFound, "no snapshot \(id)") }
        guard let batch = try await batch(id: snapshot.batchID) else {
            throw StoreError(.corruptData, "snapshot \(id): its batch \(snapshot.batchID) is not recorded")
        }
        var leaves: [[UInt8]] = []
        var index: Int?
        let rows = try await database.client.query(
            "SELECT id, hash FROM snapshots WHERE batch_id = \(batch.id) ORDER BY id", logger: database.logger)
        for try await (rowID, hash) in rows.decode((Int64, String).self) {
            if rowID == id { index = leaves.count }
            leaves.append(Hex.decode(hash) ?? [])
        }
        let tree = MerkleTree(leaves: leaves)
        guard let index, Hex.encode(tree.root) == batch.merkleRoot else {
            throw StoreError(
                .corruptData,
                "batch \(batch.id): its snapshots no longer give its Merkle root (run `fundchain snapshot verify --batch \(batch.id)`)"
            )
        }
        return SnapshotProof(
            snapshotID: id, batchID: batch.id, uscc: snapshot.uscc, hash: snapshot.hash, leafIndex: index,
            treeSize: leaves.count, merkleRoot: batch.merkleRoot,
            auditPath: tree.inclusionProof(index: index).map { Hex.encode($0) })
    }
}
