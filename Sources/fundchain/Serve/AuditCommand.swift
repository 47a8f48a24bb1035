import ArgumentParser
import Foundation
import FundChainStore

/// `fundchain audit verify`: the audit log's hash chain recomputed (docs/security.md, "Signed
/// checkpoints").
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the scoring service's audit log.",
        subcommands: [AuditVerifyCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit log's hash chain: name every row edited, inserted or deleted.",
        discussion: """
            Each flush of the server's audit writer is chained to the previous one by a hash over its \
            rows; every chain's head is in the next signed checkpoint. Prints a one-line verdict on \
            stdout and each problem on stderr; exits 1 on any problem. With --public-key only heads \
            in checkpoints signed by that key count.
            """)

    @Option(
        name: .customLong("public-key"),
        help: ArgumentHelp(
            "Checkpoint public key (PEM) whose checkpoints' audit heads count; repeatable.", valueName: "file"))
    var publicKeys: [String] = []

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let keys = try publicKeys.map(KeyFiles.publicKey)
        let result = try await database.withDatabase(logger: CLILogger.make()) { db in
            try await AuditStore(database: db).verifyChain(keys: keys)
        }
        for problem in result.problems { Terminal.note("problem: " + problem) }
        print(result.verdict)
        if !result.problems.isEmpty { throw SnapshotExit.failed }
    }
}
