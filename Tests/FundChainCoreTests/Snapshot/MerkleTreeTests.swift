import Crypto
import Testing

@testable import FundChainCore

/// Known vectors of RFC 6962 trees from transparency-dev/merkle (testonly/constants.go,
/// proof/verify_test.go), the Certificate Transparency reference implementation's successor.
@Suite struct MerkleTreeTests {
    static func hex(_ s: String) -> [UInt8] { Hex.decode(s)! }

    static let leaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ].map(hex)

    /// Roots of the trees of the first n leaves, n = 0…8.
    static let roots: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// (0-based leaf index, tree size, proof).
    static let proofs: [(Int, Int, [String])] = [
        (0, 1, []),
        (
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    @Test func rootsOfTheStandardLeaves() {
        for n in 0...8 {
            #expect(MerkleTree(leaves: Array(Self.leaves[..<n])).root == Self.hex(Self.roots[n]), "size \(n)")
        }
    }

    @Test func inclusionProofsOfTheStandardLeaves() {
        for (index, size, expected) in Self.proofs {
            let tree = MerkleTree(leaves: Array(Self.leaves[..<size]))
            #expect(tree.inclusionProof(index: index) == expected.map(Self.hex), "leaf \(index) of \(size)")
            #expect(
                MerkleTree.verify(
                    leaf: Self.leaves[index], index: index, treeSize: size,
                    proof: expected.map(Self.hex), root: Self.hex(Self.roots[size])))
        }
    }

    /// Every proof of every tree up to 8 leaves verifies, and tampered ones don't (the probes of
    /// verify_test.go's corruptInclusionProof).
    @Test func verifyRejectsCorruptedProofs() {
        let someHash = Self.hex("abacaba000000000000000000000000000000000000000000060061e00123456")
        for size in 1...8 {
            let tree = MerkleTree(leaves: Array(Self.leaves[..<size]))
            let root = tree.root
            for index in 0..<size {
                let proof = tree.inclusionProof(index: index)
                let leaf = Self.leaves[index]
                #expect(MerkleTree.verify(leaf: leaf, index: index, treeSize: size, proof: proof, root: root))
                var probes: [(Int, Int, [UInt8], [[UInt8]], [UInt8])] = [
                    (index - 1, size, leaf, proof, root), (index + 1, size, leaf, proof, root),
                    (index ^ 2, size, leaf, proof, root), (index, size * 2, leaf, proof, root),
                    (index, size / 2, leaf, proof, root), (index, size, Array("WrongLeaf".utf8), proof, root),
                    (index, size, leaf, proof, Self.hex(Self.roots[0])), (index, size, leaf, proof, someHash),
                    (index, size, leaf, proof + [[]], root), (index, size, leaf, proof + [root], root),
                    (index, size, leaf, [[]] + proof, root), (index, size, leaf, [root] + proof, root),
                ]
                for i in proof.indices {
                    var wrong = proof
                    wrong[i][0] ^= 8
                    probes.append((index, size, leaf, wrong, root))
                }
                if !proof.isEmpty { probes.append((index, size, leaf, Array(proof.dropLast()), root)) }
                if proof.count > 1 {
                    probes.append((index, size, leaf, [proof[0], someHash] + proof.dropFirst(), root))
                }
                for (n, p) in probes.enumerated()
                where !(p.0 == index && p.1 == size && p.2 == leaf && p.3 == proof && p.4 == root) {
                    #expect(
                        !MerkleTree.verify(leaf: p.2, index: p.0, treeSize: p.1, proof: p.3, root: p.4),
                        "probe \(n) of leaf \(index), size \(size)")
                }
            }
        }
    }

    @Test func emptyTree() {
        let tree = MerkleTree(leaves: [])
        #expect(tree.root == Array(SHA256.hash(data: [UInt8]())))
        #expect(!MerkleTree.verify(leaf: [], index: 0, treeSize: 0, proof: [], root: tree.root))
    }
}
