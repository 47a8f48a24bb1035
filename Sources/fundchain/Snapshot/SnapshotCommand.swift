import ArgumentParser
import Foundation
import FundChainCore
import FundChainReports
import FundChainStore

/// `fundchain snapshot …`: the auditor's tools over the immutable snapshot tables.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Audit profile snapshots: list, show, diff, verify hashes and scores, prove inclusion, export.",
        discussion: "Exit codes: 0 OK, 1 verification failed, 2 not found. See docs/snapshots.md.",
        subcommands: [
            SnapshotListCommand.self, SnapshotShowCommand.self, SnapshotDiffCommand.self, SnapshotVerifyCommand.self,
            SnapshotProofCommand.self, SnapshotExportCommand.self,
        ])
}

/// The exit codes of `fundchain snapshot`.
enum SnapshotExit {
    /// Verification found a problem (or a proof does not check).
    static let failed = ExitCode(1)
    /// No such snapshot, batch or firm.
    static let notFound = ExitCode(2)
}

/// The `ID` argument of the per-snapshot commands.
struct SnapshotIDArgument: ParsableArguments {
    @Argument(help: "The snapshot id (see `fundchain snapshot list`).")
    var id: Int64

    func validate() throws {
        guard id > 0 else { throw ValidationError("snapshot id must be positive, not \(id)") }
    }
}

/// Loading what the snapshot commands show.
enum SnapshotLoad {
    /// The snapshot, or a note on stderr and exit 2.
    static func snapshot(_ id: Int64, store: SnapshotStore) async throws -> StoredSnapshot {
        guard let snapshot = try await store.snapshot(id: id) else {
            Terminal.note("error: no snapshot \(id) (see `fundchain snapshot list`)")
            throw SnapshotExit.notFound
        }
        return snapshot
    }

    /// The scorecard a body names by `model.sha256`, when its text is stored and loads.
    static func card(of body: SnapshotBody, store: SnapshotStore) async throws -> Scorecard? {
        guard let model = try await store.model(sha256: body.model.sha256) else { return nil }
        return try? Scorecard.load(yaml: model.body)
    }

    /// What the HTML report shows: the snapshot, its batch and its inclusion proof.
    static func report(_ id: Int64, store: SnapshotStore) async throws -> SnapshotReportHTML.Input {
        let snapshot = try await snapshot(id, store: store)
        let proof = try await store.inclusionProof(snapshot: id)
        return SnapshotReportHTML.Input(
            snapshot: snapshot, body: try SnapshotBody(parsing: snapshot.body), proof: proof)
    }
}

extension SnapshotReportHTML.Input {
    /// A stored snapshot with its read body and its inclusion proof.
    init(snapshot: StoredSnapshot, body: SnapshotBody, proof: SnapshotProof) {
        self.init(
            snapshotID: snapshot.id, batchID: snapshot.batchID, hash: snapshot.hash, prevHash: snapshot.prevHash,
            body: body,
            proof: .init(
                merkleRoot: proof.merkleRoot, leafIndex: proof.leafIndex, treeSize: proof.treeSize,
                auditPath: proof.auditPath,
                isValid: proof.isValid))
    }
}

/// A stored snapshot as JSON: `{"batch_id","body","hash","prev_hash","snapshot_id"}`, the body
/// spliced in as the exact stored bytes (canonical JSON, so the whole line stays canonical).
enum SnapshotJSON {
    static func envelope(_ snapshot: StoredSnapshot) -> [UInt8] {
        var out = Array("{\"batch_id\":\(snapshot.batchID),\"body\":".utf8)
        out += snapshot.body
        let prev: JSONValue = snapshot.prevHash.map { .string($0) } ?? .null
        out += Array(",\"hash\":".utf8) + JSONValue.string(snapshot.hash).canonicalBytes()
        out += Array(",\"prev_hash\":".utf8) + prev.canonicalBytes()
        out += Array(",\"snapshot_id\":\(snapshot.id)}\n".utf8)
        return out
    }
}
