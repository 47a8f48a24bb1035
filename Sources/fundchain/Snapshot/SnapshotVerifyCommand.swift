import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain snapshot verify`: recomputes hashes, chains and Merkle roots, and re-scores.
struct SnapshotVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Re-check snapshots: hashes, per-firm chains, batch Merkle roots, stored columns, re-scoring with the stored model.",
        discussion: """
            Prints a one-line verdict on stdout; each problem on stderr naming the snapshot and firm. \
            Exits 1 on any problem, 2 when the batch or firm has no snapshots. Default: --all. \
            With --public-key, also checks that a checkpoint signed by that key vouches for every \
            batch (firm count, Merkle root, model) and that the checkpoints chain; with \
            --checkpoints, that the database's checkpoints are the published ones: a forged batch, \
            a rewritten log and a rolled-back (deleted) batch are each named.
            """)

    @Option(help: "Verify this batch only.")
    var batch: Int64?

    @Option(help: "Verify this firm's whole chain (and the roots of the batches it is in).")
    var firm: String?

    @Flag(help: "Verify every batch (the default).")
    var all = false

    @Flag(help: "Check hashes, chains, counts and roots only; skip the columns and the re-scoring.")
    var hashesOnly = false

    @Option(help: "Threads for re-hashing and re-scoring (default: the processor count).")
    var parallelism = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        name: .customLong("public-key"),
        help: ArgumentHelp(
            "Checkpoint public key (PEM); repeat it for the old and new keys of a rotation.", valueName: "file"))
    var publicKeys: [String] = []

    @Option(
        help: ArgumentHelp(
            "The published checkpoint directory to compare the database's checkpoints with (needs --public-key).",
            valueName: "dir"))
    var checkpoints: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard [batch != nil, firm != nil, all].filter({ $0 }).count <= 1 else {
            throw ValidationError("give one of --batch, --firm or --all")
        }
        if let batch, batch <= 0 { throw ValidationError("--batch must be positive, not \(batch)") }
        if let firm { do { _ = try USCC(firm) } catch { throw ValidationError("--firm \(firm): \(error)") } }
        guard parallelism > 0 else { throw ValidationError("--parallelism must be positive") }
        if checkpoints != nil, publicKeys.isEmpty { throw ValidationError("--checkpoints needs --public-key") }
        if let checkpoints, !FileManager.default.fileExists(atPath: checkpoints) {
            throw ValidationError("--checkpoints \(checkpoints): no such directory")
        }
    }

    func run() async throws {
        let scope: SnapshotVerifyScope =
            if let batch { .batch(batch) } else if let firm { .firm((try? USCC(firm).code) ?? firm) } else { .all }
        let options = SnapshotVerifyOptions(contents: !hashesOnly, parallelism: parallelism)
        let keys = try publicKeys.map(KeyFiles.publicKey)
        let directory = checkpoints.map(CheckpointDirectory.init(path:))
        let result: SnapshotVerification
        do {
            result = try await database.withDatabase(logger: CLILogger.make()) { db in
                let store = SnapshotStore(database: db)
                var result = try await store.verify(scope, options: options) { Terminal.note("problem: " + $0) }
                if !keys.isEmpty {
                    let (count, problems) = try await store.verifyCheckpoints(
                        keys: keys, published: directory, scope: scope)
                    for problem in problems { Terminal.note("problem: " + problem) }
                    result.problems += problems
                    result.checkpoints = count
                }
                return result
            }
        } catch let error as StoreError where error.code == .notFound {
            Terminal.note("error: \(error.message)")
            throw SnapshotExit.notFound
        }
        print(result.verdict)
        if !result.isValid { throw SnapshotExit.failed }
    }
}
