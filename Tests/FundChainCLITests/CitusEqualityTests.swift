import Foundation
import FoundationNetworking
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Synchronization
import Testing

/// The same FundChain on a Citus cluster (docs/scale.md): one generated region loaded into a
/// single PostgreSQL and into a coordinator with two workers, by the same binary and the same
/// commands, each run as a login role of its group, gives byte-identical snapshot hashes, Merkle
/// roots, scores, ingest counts and report JSON.
@Suite(.serialized, .enabled(if: TestCluster.enabled && CitusCluster.enabled))
struct CitusEqualityTests {
    /// What one engine produced.
    struct Outcome: Equatable, Sendable {
        var ingest: [String] = []
        var batches: [String] = []
        var hashes = ""
        var scores: [String] = []
        var reports: [String: String] = [:]
        var verify = ""
        var proof = ""
        /// `fundchain serve`'s answers (status and body, request ids taken out).
        var answers: [String] = []
    }

    @Test func aCitusClusterGivesTheSameEvidenceAsOnePostgreSQL() async throws {
        let region = try await GeneratedRegion.directory(firms: 300, months: 12, seed: 23)
        let citus = try CitusCluster.started.get()

        let box = Mutex(Outcome())
        try await withTestDatabase { database in
            var configuration = try TestCluster.started.get().configuration
            configuration.database = try await database.client.query("SELECT current_database()").collect()[0]
                .decode(String.self)
            let outcome = try await Self.pipeline(configuration, region: region, engine: "single")
            box.withLock { $0 = outcome }
        }
        let single = box.withLock { $0 }
        let migrated = try CLIRun.run(["migrate", "--database", citus.url()])
        #expect(migrated.status == 0, "\(migrated)")
        #expect(migrated.stdout.contains("database: Citus"), "\(migrated.stdout)")
        let status = try CLIRun.run(["db", "status", "--database", citus.url()])
        #expect(status.stdout.contains("2 workers: 8 distributed and 14 reference tables"), "\(status)")
        let distributed = try await Self.pipeline(citus, region: region, engine: "citus")

        #expect(single.ingest.count == 6 && single.ingest == distributed.ingest)
        #expect(single.batches.count == 2 && single.batches == distributed.batches)
        #expect(!single.hashes.isEmpty && single.hashes == distributed.hashes)
        #expect(single.scores.count == 2 && single.scores == distributed.scores)
        for (name, json) in single.reports.sorted(by: { $0.key < $1.key }) {
            #expect(json.hasPrefix("{") && json == distributed.reports[name], "report \(name) differs")
        }
        #expect(single.verify.contains("OK") && single.verify == distributed.verify)
        #expect(single.proof.contains("audit_path") && single.proof == distributed.proof)
        #expect(single.answers.count == 9 && single.answers.allSatisfy { $0.hasPrefix("200 {") })
        #expect(single.answers == distributed.answers)

        // The append-only guards hold on the shards too, even for the superuser.
        try await Database.with(citus, logger: TestCluster.logger) { database in
            for statement in ["UPDATE snapshots SET score = 0", "DELETE FROM snapshot_batches", "TRUNCATE snapshots"] {
                do {
                    try await database.client.query(PostgresQuery(unsafeSQL: statement))
                    Issue.record("\(statement) succeeded on Citus")
                } catch {
                    #expect(Database.sqlState(error) == "FC001", "\(statement): \(Database.describe(error))")
                }
            }
        }
    }

    /// Loads the region, builds twice and reads everything back, each step as its group's role.
    static func pipeline(_ configuration: DatabaseConfiguration, region: String, engine: String) async throws
        -> Outcome
    {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var urls: [String: String] = [:]
        for group in ["ingest", "build", "analyst", "auditor", "admin", "service"] {
            let name = "t_\(engine)_\(group)_\(suffix)"
            let created = try CLIRun.run([
                "db", "role", "create", name, "--group", group, "--database", configuration.url(),
            ])
            try #require(created.status == 0, "\(created)")
            var role = configuration
            role.username = name
            urls[group] = role.url()
        }
        func run(_ group: String, _ arguments: [String]) throws -> String {
            let result = try CLIRun.run(arguments + ["--database", urls[group]!])
            #expect(result.status == 0, "\(engine): fundchain \(arguments.joined(separator: " ")): \(result)")
            return result.stdout
        }
        var outcome = Outcome()
        let statements = repoRoot.appendingPathComponent("Tests/Fixtures/statements").path
        for (kind, file) in [
            ("firms", "\(region)/firms.csv"), ("accounts", "\(region)/accounts.csv"),
            ("transactions", "\(region)/transactions.csv"), ("transactions", "\(region)/transactions.csv"),
            ("transactions", "\(statements)/own-camt053-v06-cqrb.xml"),
            ("transactions", "\(statements)/own-mt940-structured.sta"),
        ] {
            let format =
                file.hasSuffix(".xml") ? ["--format", "camt053"] : file.hasSuffix(".sta") ? ["--format", "mt940"] : []
            let summary = try run("ingest", ["ingest", kind, file] + format)
            outcome.ingest += summary.split(separator: "\n").filter { $0.contains("read ") }.map(String.init)
        }
        _ = try run("admin", ["events", "import", "\(region)/credit_events.csv"])
        _ = try run("admin", ["products", "load", repoRoot.appendingPathComponent("products").path])
        let checkpoints = NSTemporaryDirectory() + "fundchain-citus-checkpoints-\(engine)-\(suffix)"
        defer { try? FileManager.default.removeItem(atPath: checkpoints) }
        _ = try run("build", ["build", "--as-of", "2025-10-31", "--checkpoints", checkpoints])
        _ = try run("build", ["build", "--checkpoints", checkpoints])
        for batch in ["1", "2"] { outcome.scores.append(try run("analyst", ["scores", "--batch", batch])) }
        for report in ["chain", "region", "risk", "warnings", "portfolio", "gap", "backtest"] {
            let json = try run("analyst", ["report", report, "--format", "json"])
            // A warning's raised_at is its build's time, which differs between the two engines.
            outcome.reports[report] = json.replacingOccurrences(
                of: #""raised_at":"[^"]*""#, with: #""raised_at":"…""#, options: .regularExpression)
        }
        outcome.verify = try run("auditor", ["snapshot", "verify"])
        outcome.proof = try run("auditor", ["snapshot", "proof", "7"])
        // The service, as its role: three firms' score, profile and products under their consents.
        let firms = try run("analyst", ["scores"]).split(separator: "\n").dropFirst().prefix(3).map {
            String($0.prefix { $0 != "," })
        }
        let key = try #require(
            try run(
                "admin",
                [
                    "apikey", "create", "--client", "equality-\(engine)", "--bank", "CQRCB", "--scopes",
                    "score,profile",
                ]
            ).split(separator: "\n").last.map(String.init))
        let consents = NSTemporaryDirectory() + "fundchain-citus-consents-\(engine)-\(suffix).csv"
        defer { try? FileManager.default.removeItem(atPath: consents) }
        let grants = firms.flatMap { firm in
            ["score", "profile", "products"].map { "\(firm),CQRCB,\($0),EQ-\($0),2020-01-01," }
        }
        try (["uscc,bank,purpose,reference,granted_at,expires_at"] + grants).joined(separator: "\n").appending("\n")
            .write(toFile: consents, atomically: true, encoding: .utf8)
        _ = try run("admin", ["consent", "import", consents])
        outcome.answers = try await Self.serve(database: urls["service"]!, key: key, firms: firms)
        (outcome.batches, outcome.hashes) = try await Database.with(configuration, logger: TestCluster.logger) {
            database in
            var batches: [String] = []
            for try await (id, root, count) in try await database.client.query(
                "SELECT id, merkle_root, firm_count FROM snapshot_batches ORDER BY id"
            ).decode((Int64, String, Int).self) {
                batches.append("\(id) \(root) \(count)")
            }
            let hashes = try await database.client.query(
                "SELECT coalesce(string_agg(uscc || ' ' || hash, ',' ORDER BY id), '') FROM snapshots"
            ).collect()[0].decode(String.self)
            return (batches, hashes)
        }
        return outcome
    }

    /// Runs `fundchain serve` on `database` until it is ready, asks for each firm's score,
    /// profile and products, and stops it (SIGINT). Each answer is its status and body, with the
    /// request id taken out.
    static func serve(database: String, key: String, firms: [String]) async throws -> [String] {
        let port = 19_000 + Int(getpid() % 700)
        let pidFile = NSTemporaryDirectory() + "fundchain-citus-serve-\(port).pid"
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let server = Task.detached {
            try ProcessRunner.run(
                "/bin/sh",
                [
                    "-c", #"echo $$ > "$0"; exec "$1" serve --port "$2" --database "$3""#, pidFile, CLIRun.binary,
                    String(port), database,
                ])
        }
        func stop() async throws -> ProcessRunner.Result {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                kill(pid, SIGINT)
            }
            return try await server.value
        }
        let base = "http://127.0.0.1:\(port)"
        func call(_ method: String, _ path: String, json: String? = nil) async throws -> (Int, String) {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            if let json {
                request.httpBody = Data(json.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        var answers: [String] = []
        do {
            var ready = false
            for _ in 0..<600 where !ready {
                ready = (try? await call("GET", "/readyz").0) == 200
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            try #require(ready, "fundchain serve did not get ready")
            for firm in firms {
                for (method, path, json) in [
                    ("POST", "/v1/scores", #"{"uscc":"\#(firm)","consent_ref":"EQ-score"}"#),
                    ("GET", "/v1/firms/\(firm)/profile?consent_ref=EQ-profile", nil),
                    ("GET", "/v1/firms/\(firm)/products?consent_ref=EQ-products", nil),
                ] {
                    let (status, body) = try await call(method, path, json: json)
                    answers.append(
                        "\(status) "
                            + body.replacingOccurrences(
                                of: #""request_id":"[^"]*""#, with: #""request_id":"…""#, options: .regularExpression))
                }
            }
        } catch {
            _ = try? await stop()
            throw error
        }
        let stopped = try await stop()
        #expect(stopped.status == 0, "fundchain serve: \(stopped)")
        return answers
    }
}
