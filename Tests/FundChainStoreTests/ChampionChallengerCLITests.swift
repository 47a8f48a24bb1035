import Foundation
import FundChainCore
import FundChainTestSupport
import PostgresNIO
import Testing

@testable import FundChainStore

/// Champion and challenger end to end with the built binary on a generated region (docs/models.md):
/// a build with a challenger, the challenger's scores in the bodies against its own card, `report
/// challenger`, `model promote` and `model list`, the next build using the champion, the
/// append-only promotions, and `snapshot verify` catching a tampered challenger score.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ChampionChallengerCLITests {
    /// The expert card's text.
    static func expertText() throws -> String {
        try String(contentsOf: repoRoot.appendingPathComponent("scoring-models/sme-cashflow-v1.yaml"), encoding: .utf8)
    }

    /// A challenger: the expert card at another version, 20 base points more, and a volatile
    /// inflow (CV under 0.3) worth 5 points instead of 25, so that it ranks firms differently.
    static func challengerText() throws -> String {
        let v1 = try expertText()
        let edits = [
            ("version: \"1\"\n", "version: \"1-challenger\"\n"), ("base_points: 280\n", "base_points: 300\n"),
            ("- {max: 0.3, points: 25}\n", "- {max: 0.3, points: 5}\n"),
        ]
        var text = v1
        for (old, new) in edits {
            #expect(text.components(separatedBy: old).count == 2, "\(old) appears once in the expert card")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    @Test func buildCompareAndPromote() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let url = database.configuration.url()
            let dir = files.directory
            @discardableResult
            func run(_ arguments: [String], status: Int32 = 0, database: Bool = true) throws -> ProcessRunner.Result {
                let result = try CLIRun.run(arguments + (database ? ["--database", url] : []))
                #expect(result.status == status, "\(arguments): \(result)")
                return result
            }
            try run(
                ["generate", "--firms", "300", "--months", "30", "--seed", "7", "--out", dir + "/region"],
                database: false)
            for kind in ["firms", "accounts", "transactions"] {
                try run(["ingest", kind, "\(dir)/region/\(kind).csv"])
            }
            try run(["events", "import", dir + "/region/credit_events.csv"])
            // Builds sign with a key of the test's own and publish under its directory (not $FUNDCHAIN_HOME's).
            try run(["keys", "generate", "--out", dir + "/keys"], database: false)
            let signing = ["--signing-key", dir + "/keys/signing.key", "--checkpoints", dir + "/published"]
            let challengerPath = try files.write("challenger.yaml", try Self.challengerText())
            let v1 = try BuildJob.Model(yaml: try Self.expertText())
            let challenger = try BuildJob.Model(yaml: try Self.challengerText())

            // 1. A build with the challenger: the champion is the compiled-in default.
            let build = try run(["build", "--as-of", "2024-05-31", "--challenger", challengerPath] + signing)
            #expect(
                build.stderr.contains(
                    "sme-cashflow v1 (sha256 \(v1.sha256.prefix(12))…), the compiled-in default: no model has been promoted"
                ), "\(build.stderr)")
            #expect(
                build.stdout.contains(
                    "Challenger sme-cashflow v1-challenger (sha256 \(challenger.sha256.prefix(12))…): AAA "),
                "\(build.stdout)")
            let batch = try #require(try await SnapshotStore(database: database).batch(id: 1))
            #expect(batch.modelSHA256 == v1.sha256 && batch.challengerSHA256s == [challenger.sha256])
            #expect(
                try await SnapshotStore(database: database).model(sha256: challenger.sha256)?.body == challenger.body)

            // 2. Every body's challenger score is the challenger card's scoring of its stored features.
            var points: [Int] = []
            let rows = try await database.client.query(
                "SELECT body, score FROM snapshots WHERE batch_id = 1 ORDER BY id"
            ).collect()
            #expect(rows.count == 300)
            for row in rows {
                let (text, score) = try row.decode((String, Int).self)
                let body = try SnapshotBody(parsing: Array(text.utf8))
                #expect(body.canonicalBytes() == Array(text.utf8), "the typed body writes back the stored bytes")
                let features = body.features
                let expected = challenger.card.score(features)
                #expect(body.challengers.count == 1)
                let recorded = try #require(body.challengers.first)
                #expect(
                    recorded
                        == ChallengerScore(
                            modelID: "sme-cashflow", version: "1-challenger", sha256: challenger.sha256,
                            points: expected.points,
                            pd: expected.pd, grade: expected.grade))
                #expect(score == v1.card.score(features).points, "the champion's score is as before")
                points.append(expected.points)
            }

            // 3. The report: the challenger's mean from the bodies, the migration over every firm,
            // the champion's backtest the same as `report backtest`'s.
            let report = try JSONValue(
                parsing: Array(try run(["report", "challenger", "--batch", "1", "--format", "json"]).stdout.utf8))
            let models = try #require(report["models"]?.arrayValue)
            #expect(models.map { $0["sha256"]?.stringValue } == [v1.sha256, challenger.sha256])
            let mean = Double(points.reduce(0, +)) / Double(points.count)
            #expect(abs((models[1]["mean_points"]?.doubleValue ?? 0) - mean) <= 0.05 + 1e-9)
            let migration = try #require(report["sections"]?.arrayValue?.first { $0["key"] == .string("migration_1") })
            let counts = (migration["rows"]?.arrayValue ?? []).flatMap { row in
                (row.objectValue ?? [:]).filter { $0.key.hasPrefix("to_") }.compactMap { $0.value.intValue }
            }
            #expect(counts.reduce(0, +) == 300)
            let sideBySide = try #require(report["backtest"]?.arrayValue)
            #expect(sideBySide.count == 2 && (sideBySide[0]["defaults"]?.intValue ?? 0) > 0)
            let backtest = try JSONValue(
                parsing: Array(try run(["report", "backtest", "--batch", "1", "--format", "json"]).stdout.utf8))
            for key in ["auc", "auc_low", "auc_high", "ks", "gini", "firms", "defaults"] {
                #expect(sideBySide[0][key] == backtest[key], "champion's \(key)")
            }
            #expect(sideBySide[1]["auc"] != sideBySide[0]["auc"], "the challenger ranks differently")

            // 4. Promotion: refused without a note, for an unknown batch, for a model batch 1 did
            // not score and for an unreadable file; then recorded.
            let note = "ranks better than v1 on batch 1"
            #expect(
                try run(["model", "promote", challengerPath, "--note", " ", "--batch", "1"], status: 64).stderr
                    .contains("--note"))
            #expect(
                try run(["model", "promote", challengerPath, "--note", note, "--batch", "9"], status: 3).stderr
                    .contains("no batch 9"))
            let stranger = try files.write(
                "stranger.yaml", try Self.challengerText().replacingOccurrences(of: "1-challenger", with: "1-other"))
            #expect(
                try run(["model", "promote", stranger, "--note", note, "--batch", "1"], status: 3).stderr.contains(
                    "was not scored in batch 1"))
            #expect(
                try run(["model", "promote", dir + "/missing.yaml", "--note", note, "--batch", "1"], status: 2).stderr
                    .contains("cannot read"))
            let promoted = try run(["model", "promote", challengerPath, "--note", note, "--batch", "1"])
            #expect(promoted.stdout.contains("promoted sme-cashflow v1-challenger"), "\(promoted)")
            let user = try await database.client.query("SELECT session_user::text").collect()[0].decode(String.self)
            let (sha, by, storedNote, evidenceText) = try await database.client.query(
                "SELECT model_sha256, promoted_by, note, evidence::text FROM model_promotions"
            ).collect()[0].decode((String, String, String, String).self)
            #expect(sha == challenger.sha256 && by == user && storedNote == note)
            let evidence = try #require(BacktestEvidence(json: try JSONValue(parsing: Array(evidenceText.utf8))))
            #expect(evidence.batchID == 1 && evidence.horizonMonths == 12 && evidence.asOf.description == "2024-05-31")
            #expect(evidence.observedMonths == 12)
            #expect(
                .int(Int64(evidence.firms)) == sideBySide[1]["firms"]
                    && .int(Int64(evidence.defaults)) == sideBySide[1]["defaults"])
            for (value, key) in [
                (evidence.auc, "auc"), (evidence.aucLow, "auc_low"), (evidence.ks, "ks"), (evidence.gini, "gini"),
            ] {
                let shown = try #require(sideBySide[1][key]?.doubleValue)
                #expect(abs(try #require(value) - shown) <= 0.00005 + 1e-12, "challenger's \(key)")
            }

            // 5. `model list` marks the champion and shows the promotion.
            let list = try JSONValue(parsing: Array(try run(["model", "list", "--format", "json"]).stdout.utf8))
            #expect(list["champion"] == .string(challenger.sha256))
            let listed = try #require(list["models"]?.arrayValue)
            #expect(Set(listed.compactMap { $0["sha256"]?.stringValue }) == [v1.sha256, challenger.sha256])
            #expect(listed.first { $0["sha256"] == .string(challenger.sha256) }?["champion"] == .bool(true))
            let history = try #require(list["promotions"]?.arrayValue)
            #expect(
                history.count == 1 && history[0]["note"] == .string(note) && history[0]["promoted_by"] == .string(user))
            #expect(history[0]["evidence"]?["auc"]?.doubleValue == evidence.auc)
            let table = try run(["model", "list"]).stdout
            #expect(
                table.contains("* \(challenger.sha256.prefix(12))  sme-cashflow") && table.contains("note: \(note)"),
                "\(table)")

            // 6. The next build uses the champion; an explicit --model still wins, and says it is not the champion.
            let next = try run(["build", "--as-of", "2024-11-30"] + signing)
            #expect(next.stderr.contains("the champion, sme-cashflow v1-challenger"), "\(next.stderr)")
            #expect(try await SnapshotStore(database: database).batch(id: 2)?.modelSHA256 == challenger.sha256)
            let explicit = try run(
                [
                    "build", "--as-of", "2024-11-30", "--model", repoRoot.path + "/scoring-models/sme-cashflow-v1.yaml",
                ] + signing)
            #expect(explicit.stderr.contains("not the champion"), "\(explicit.stderr)")
            #expect(try await SnapshotStore(database: database).batch(id: 3)?.modelSHA256 == v1.sha256)
            #expect(
                try run(["report", "challenger", "--batch", "2"], status: 3).stderr.contains(
                    "batch 2 has no challengers"))

            // 7. Promotions are evidence: no update, delete or truncate, even by the superuser.
            for statement in [
                "UPDATE model_promotions SET note = 'x'", "DELETE FROM model_promotions", "TRUNCATE model_promotions",
            ] {
                var state: String?
                do { try await database.client.query(PostgresQuery(unsafeSQL: statement)) } catch {
                    state = Database.sqlState(error)
                }
                #expect(state == "FC001", "\(statement)")
            }

            // 8. `snapshot verify` re-scores the challengers too: an edited challenger score is named.
            let verified = try run([
                "snapshot", "verify", "--all", "--public-key", dir + "/keys/signing.pub", "--checkpoints",
                dir + "/published",
            ])
            #expect(verified.stdout.hasSuffix(" in 3 batches and 3 signed checkpoints: OK\n"), "\(verified)")
            let (id, body) = try await database.client.query(
                "SELECT id, body FROM snapshots WHERE batch_id = 1 ORDER BY id LIMIT 1"
            )
            .collect()[0].decode((Int64, String).self)
            let recorded = try #require(
                JSONValue(parsing: Array(body.utf8))["challengers"]?[0].flatMap(ChallengerScore.init(json:)))
            let tampered = body.replacingOccurrences(
                of: "\"points\":\(recorded.points)}]", with: "\"points\":\(recorded.points + 1)}]")
            #expect(tampered != body)
            try await SnapshotAuditTests.behindTheTriggers(
                database, "UPDATE snapshots SET body = \(tampered) WHERE id = \(id)")
            let verify = try run(["snapshot", "verify", "--batch", "1"], status: 1)
            #expect(
                verify.stderr.contains(
                    "re-scoring with challenger sme-cashflow v1-challenger gives \(recorded.points) points, body has \(recorded.points + 1)"
                ),
                "\(verify.stderr)")
        }
    }
}
