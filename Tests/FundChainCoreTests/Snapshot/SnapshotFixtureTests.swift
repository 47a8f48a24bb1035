import Crypto
import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainCore

/// Checks against `Tests/Fixtures/snapshots/snapshots.json`, made by
/// `Tests/Fixtures/make-snapshot-fixtures.py` with Python's standard library (its hash and Merkle
/// functions are the ones docs/snapshots.md gives auditors).
@Suite struct SnapshotFixtureTests {
    struct Fixture: Decodable {
        struct Document: Decodable { var input: String; var canonical: String }
        struct Row: Decodable { var uscc: String; var body: String; var prev_hash: String?; var hash: String }
        struct Batch: Decodable { var snapshots: [Row]; var merkle_root: String }
        struct Tree: Decodable { var size: Int; var root: String; var proofs: [[String]] }
        var documents: [Document]
        var chain: [Batch]
        var merkle: [Tree]
    }

    static let fixture: Fixture = {
        let url = repoRoot.appendingPathComponent("Tests/Fixtures/snapshots/snapshots.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    @Test func canonicalFormMatchesPython() throws {
        #expect(Self.fixture.documents.count == 300)
        for document in Self.fixture.documents {
            let value = try JSONValue(parsing: document.input)
            #expect(String(decoding: value.canonicalBytes(), as: UTF8.self) == document.canonical)
            #expect(try JSONValue(parsing: document.canonical) == value)
        }
    }

    @Test func hashChainMatchesPython() {
        var head: [String: String] = [:]
        for batch in Self.fixture.chain {
            var leaves: [[UInt8]] = []
            for row in batch.snapshots {
                #expect(row.prev_hash == head[row.uscc])
                let hash = SnapshotHash.hash(previous: head[row.uscc], body: Array(row.body.utf8))
                #expect(hash == row.hash)
                head[row.uscc] = hash
                leaves.append(Hex.decode(hash)!)
            }
            #expect(Hex.encode(MerkleTree(leaves: leaves).root) == batch.merkle_root)
        }
    }

    @Test func merkleTreesMatchPython() {
        for tree in Self.fixture.merkle {
            let leaves = (0..<tree.size).map { Array(SHA256.hash(data: Array("leaf \($0)".utf8))) }
            let merkle = MerkleTree(leaves: leaves)
            let root = merkle.root
            #expect(Hex.encode(root) == tree.root, "size \(tree.size)")
            for (index, expected) in tree.proofs.enumerated() {
                let proof = merkle.inclusionProof(index: index)
                #expect(proof.map { Hex.encode($0) } == expected, "leaf \(index) of \(tree.size)")
                #expect(
                    MerkleTree.verify(leaf: leaves[index], index: index, treeSize: tree.size, proof: proof, root: root))
            }
        }
    }

    @Test func snapshotHashByHand() {
        // sha256("\n{}") and sha256("ab\n[]"), computed with `printf '\n{}' | sha256sum`.
        #expect(
            SnapshotHash.hash(previous: nil, body: Array("{}".utf8))
                == "a062dd4952b935e430d409c4a5e5cd760e8781e3200d5c7e12a232dddba8a528")
        #expect(
            SnapshotHash.hash(previous: "ab", body: Array("[]".utf8))
                == "bda5e0cb263b30cc43d3ef419b6518d241a289ebfb28af2c1e51b2ed105c33bd")
        #expect(Hex.decode("0aFf") == [0x0A, 0xFF])
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("abc") == nil)
    }
}
