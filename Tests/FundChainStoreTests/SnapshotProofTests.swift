import Foundation
import FundChainCore
import FundChainTestSupport
import Testing

@testable import FundChainStore

/// Inclusion proofs of stored snapshots (5): checked with `MerkleTree.verify` and with the Python
/// of docs/snapshots.md ("Checking an inclusion proof"), read from the document itself.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct SnapshotProofTests {
    /// Without python3 the Python checks are skipped on a developer's machine and fail under CI.
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The fenced Python block under the heading "## Checking an inclusion proof".
    static func pythonSnippet() throws -> String {
        let doc = try String(
            contentsOf: BuildJobTests.root.appendingPathComponent("docs/snapshots.md"), encoding: .utf8)
        let section = try #require(
            doc.range(of: "## Checking an inclusion proof"), "docs/snapshots.md lost its proof section")
        let rest = doc[section.upperBound...]
        let open = try #require(rest.range(of: "```python\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    /// Runs the snippet on `proof`; `true` when it exits 0 and prints OK.
    static func pythonAccepts(_ proof: JSONValue, script: String) throws -> Bool {
        guard let python else {
            if TestCluster.isCI { Issue.record("python3 is missing under CI") }
            return false
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fc-proof-\(UUID().uuidString).json")
        try Data(proof.canonicalBytes()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try ProcessRunner.run(python, [script, file.path])
        #expect(run.stdout == (run.status == 0 ? "OK\n" : "FAILED\n"), "\(run.stderr)")
        return run.status == 0
    }

    @Test(.enabled(if: python != nil || TestCluster.isCI, "python3 is not installed"), arguments: [7, 1, 16])
    func proofsCheckInSwiftAndPython(firms: Int) async throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fc-check-proof-\(UUID().uuidString).py")
        try Self.pythonSnippet().write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            let model = SnapshotStoreTests.model
            // A first batch of 2 so the proven batch's ids do not start at 1.
            let warmup = (0..<2).map { SnapshotStoreTests.draft(Self.uscc($0), score: 500, body: "{\"n\":\($0)}") }
            _ = try await store.writeBatch(
                asOf: SnapshotStoreTests.asOf, windowMonths: 12, model: model, drafts: warmup)
            let drafts = (0..<firms).map { SnapshotStoreTests.draft(Self.uscc($0), score: 600, body: "{\"m\":\($0)}") }
            let batch = try await store.writeBatch(
                asOf: SnapshotStoreTests.asOf, windowMonths: 12, model: model, drafts: drafts)
            let rows = try await store.snapshots(batch: batch.id)
            // The root recomputed independently (RFC 6962 as written, recursively).
            let root = SnapshotStoreTests.merkleRoot(rows.map { SnapshotStoreTests.bytes(hex: $0.hash) }[...])
            #expect(Hex.encode(root) == batch.merkleRoot)
            for (index, row) in rows.enumerated() {
                let proof = try await store.inclusionProof(snapshot: row.id)
                #expect(proof.leafIndex == index && proof.treeSize == firms && proof.hash == row.hash)
                #expect(proof.merkleRoot == batch.merkleRoot && proof.uscc == row.uscc && proof.batchID == batch.id)
                // Path length: the leaf's depth in RFC 6962's left-complete tree (≤ ⌈log2 n⌉).
                #expect(proof.auditPath.count <= Int((Double(firms)).log2Ceiling))
                #expect(proof.isValid)
                #expect(
                    MerkleTree.verify(
                        leaf: SnapshotStoreTests.bytes(hex: row.hash), index: index, treeSize: firms,
                        proof: proof.auditPath.map(SnapshotStoreTests.bytes(hex:)), root: root))
                #expect(try Self.pythonAccepts(proof.json, script: script.path), "snapshot \(row.id)")

                // A wrong leaf (another snapshot's hash, or the first batch's), index or path entry fails.
                var wrong = proof
                wrong.hash = rows[(index + 1) % rows.count].hash
                if firms == 1 { wrong.hash = try #require(try await store.snapshot(id: 1)).hash }
                #expect(!wrong.isValid)
                #expect(try !Self.pythonAccepts(wrong.json, script: script.path))
                if firms > 1 {
                    var moved = proof
                    moved.leafIndex = (index + 1) % firms
                    #expect(!moved.isValid)
                    #expect(try !Self.pythonAccepts(moved.json, script: script.path))
                    var flipped = proof
                    flipped.auditPath[0] = String(repeating: "0", count: 64)
                    #expect(!flipped.isValid)
                    #expect(try !Self.pythonAccepts(flipped.json, script: script.path))
                }
            }
            await #expect(throws: StoreError.self) { try await store.inclusionProof(snapshot: 1_000) }
        }
    }

    /// The i-th of a run of valid-looking 18-character codes (the store checks length only).
    static func uscc(_ i: Int) -> String {
        let digits = String(i)
        return "91500112MA5U" + String(repeating: "0", count: 6 - digits.count) + digits
    }
}

extension Double {
    /// ⌈log2 x⌉ for x ≥ 1.
    fileprivate var log2Ceiling: Double { Foundation.log2(self).rounded(.up) }
}
