import Foundation
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// The `fundchain` executable built beside the test bundle.
enum BuiltBinary {
    static var fundchain: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // macOS runs tests from inside an .xctest bundle.
        while directory.path.contains(".xctest") { directory = directory.deletingLastPathComponent() }
        return directory.appendingPathComponent("fundchain").path
    }
}

@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct KillAndResumeTests {
    /// `count` unique entries across the small region's accounts, both sides of each transfer.
    static func transactions(count: Int) -> String {
        var lines = [SmallRegion.header]
        let accounts = [("ICBC", "6222000000000001"), ("CCB", "6227000000000002"), ("CQRCB", "6230000000000003")]
        for i in 0..<(count / 2) {
            let (payerBank, payer) = accounts[i % 3]
            let (payeeBank, payee) = accounts[(i + 1) % 3]
            let day = 1 + i % 28
            let month = 1 + (i / 28) % 12
            let amount = "\(100 + i % 997).\(i % 100 < 10 ? "0" : "")\(i % 100)"
            let date = "2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            lines.append("\(payerBank),\(payer),P\(i),\(date),D,\(amount),CNY,\(payee),对手,\(payeeBank),货款\n")
            lines.append("\(payeeBank),\(payee),R\(i),\(date),C,\(amount),CNY,\(payer),对手,\(payerBank),货款\n")
        }
        return lines.joined()
    }

    @Test func killedIngestLeavesWholeBatchesAndARerunCompletesIt() async throws {
        let binary = BuiltBinary.fundchain
        try #require(FileManager.default.isExecutableFile(atPath: binary), "fundchain not built at \(binary)")
        let files = try FixtureFiles()
        defer { files.remove() }
        // Big enough, in small batches, that the kill lands mid-file even on a fast quiet machine
        // (40,000 rows finished before the first poll once ingest was pipelined).
        let total = 200_000
        let path = try files.write("tx.csv", Self.transactions(count: total))
        try await withTestDatabase { db in
            let ingestor = Ingestor(database: db)
            _ = try await ingestor.ingest(.firms, path: try files.write("firms.csv", SmallRegion.firms))
            _ = try await ingestor.ingest(.accounts, path: try files.write("accounts.csv", SmallRegion.accounts))

            // posix_spawn, not Foundation's Process: its exit monitoring can hang on Linux.
            let arguments = [
                binary, "ingest", "transactions", path, "--batch-size", "250", "--database",
                db.configuration.url(revealPassword: true),
            ]
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { for p in argv { free(p) } }
            var pid = pid_t()
            try #require(posix_spawn(&pid, binary, &actions, nil, &argv, environ) == 0)
            // Wait until some batches have committed, then kill it without warning.
            var loaded = 0
            for _ in 0..<3_000 where loaded == 0 {
                try await Task.sleep(for: .milliseconds(5))
                loaded = try await db.client.query(
                    "SELECT coalesce(max(rows_loaded), 0)::int8 FROM ingest_runs WHERE kind = 'transactions'"
                ).collect().first!.decode(Int.self)
            }
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            try #require(loaded > 0, "the ingest committed nothing before it was killed")

            // Exactly whole batches are there, and the aggregates match them.
            let (runLoaded, inTable) = try await db.client.query(
                "SELECT (SELECT rows_loaded FROM ingest_runs WHERE kind = 'transactions'), (SELECT count(*) FROM transactions)"
            ).collect().first!.decode((Int, Int).self)
            #expect(runLoaded == inTable)
            #expect(inTable < total, "the ingest finished before it was killed; make the file bigger")
            #expect(try await aggregatesMatchTransactions(db))

            // The re-run marks the killed run aborted and loads exactly the rest.
            let rerun = try await ingestor.ingest(.transactions, path: path)
            #expect(
                rerun.read == total && rerun.loaded == total - inTable && rerun.duplicate == inTable
                    && rerun.rejected == 0)
            let count = try await db.client.query("SELECT count(*) FROM transactions").collect().first!.decode(Int.self)
            #expect(count == total)
            #expect(try await aggregatesMatchTransactions(db))
            let statuses = try await db.client.query(
                "SELECT status FROM ingest_runs WHERE kind = 'transactions' ORDER BY id"
            )
            .collect().map { try $0.decode(String.self) }
            #expect(statuses == ["aborted", "completed"])
        }
    }
}
