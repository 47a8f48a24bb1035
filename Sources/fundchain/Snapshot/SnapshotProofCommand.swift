import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain snapshot proof ID`: the RFC 6962 inclusion proof of a snapshot in its batch.
struct SnapshotProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Print the RFC 6962 inclusion proof of a snapshot's hash in its batch's Merkle root.",
        discussion: "docs/snapshots.md shows how to check it in a few lines of Python.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, text }

    @OptionGroup var snapshot: SnapshotIDArgument

    @Option(help: "Output format: json (one canonical object) or text.")
    var format = Format.json

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let id = snapshot.id
        let proof = try await database.withDatabase(logger: CLILogger.make()) { db -> SnapshotProof? in
            let store = SnapshotStore(database: db)
            guard try await store.snapshot(id: id) != nil else { return nil }
            return try await store.inclusionProof(snapshot: id)
        }
        guard let proof else {
            Terminal.note("error: no snapshot \(id) (see `fundchain snapshot list`)")
            throw SnapshotExit.notFound
        }
        switch format {
        case .json: StandardOutput.write(proof.json.canonicalBytes() + [0x0A])
        case .text: StandardOutput.write(Self.text(proof))
        }
    }

    static func text(_ proof: SnapshotProof) -> String {
        var lines = [
            "snapshot     \(proof.snapshotID) (\(proof.uscc)) in batch \(proof.batchID)",
            "hash (leaf)  \(proof.hash)",
            "leaf index   \(proof.leafIndex) of \(proof.treeSize)",
            "merkle root  \(proof.merkleRoot)",
            "audit path   \(proof.auditPath.count) hash\(proof.auditPath.count == 1 ? "" : "es"), leaf to root:",
        ]
        lines += proof.auditPath.enumerated().map { "  \($0.offset)  \($0.element)" }
        lines.append("checks       \(proof.isValid ? "OK (RFC 9162 §2.1.3.2)" : "FAILED")")
        return lines.joined(separator: "\n") + "\n"
    }
}
