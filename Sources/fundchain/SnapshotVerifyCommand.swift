import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain snapshot verify`: recomputes hashes, chains and Merkle roots, and re-scores.
struct SnapshotVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check snapshots: hashes, per-firm chains, batch Merkle roots, stored columns, re-scoring with the stored model.",
        discussion: """
            Prints a one-line verdict on stdout; each problem on stderr naming the snapshot and firm. \
            Exits 1 on any problem, 2 when the batch or firm has no snapshots. Default: --all.
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

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard [batch != nil, firm != nil, all].filter({ $0 }).count <= 1 else {
            throw ValidationError("give one of --batch, --firm or --all")
        }
        if let batch, batch <= 0 { throw ValidationError("--batch must be positive, not \(batch)") }
        if let firm { do { _ = try USCC(firm) } catch { throw ValidationError("--firm \(firm): \(error)") } }
        guard parallelism > 0 else { throw ValidationError("--parallelism must be positive") }
    }

    func run() async throws {
        let scope: SnapshotVerifyScope =
            if let batch { .batch(batch) } else if let firm { .firm((try? USCC(firm).code) ?? firm) } else { .all }
        let options = SnapshotVerifyOptions(contents: !hashesOnly, parallelism: parallelism)
        let result: SnapshotVerification
        do {
            result = try await database.withDatabase(logger: CLILogger.make()) { db in
                try await SnapshotStore(database: db).verify(scope, options: options) { Terminal.note("problem: " + $0) }
            }
        } catch let error as StoreError where error.code == .notFound {
            Terminal.note("error: \(error.message)")
            throw SnapshotExit.notFound
        }
        print(result.verdict)
        if !result.isValid { throw SnapshotExit.failed }
    }
}
