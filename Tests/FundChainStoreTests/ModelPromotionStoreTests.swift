import Foundation
import FundChainCore
import FundChainTestSupport
import PostgresNIO
import Testing

@testable import FundChainStore

/// `model_promotions` and `snapshot_model_scores` on real PostgreSQL: who may promote and read,
/// the database filling in who promoted, and the admin's narrow view of a batch's scores giving
/// each model's scores exactly as the bodies hold them.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ModelPromotionStoreTests {
    /// The expert card at another version paying 5 points more at its base.
    static func challenger() throws -> BuildJob.Model {
        let v1 = try BuildJobTests.expertCard().body
        return try BuildJob.Model(
            yaml: v1.replacingOccurrences(of: "version: \"1\"\n", with: "version: \"1-store\"\n")
                .replacingOccurrences(of: "base_points: 280\n", with: "base_points: 285\n"))
    }

    static let evidence = BacktestEvidence(
        batchID: 1, asOf: CalendarDate(year: 2025, month: 11, day: 30)!, horizonMonths: 12, observedMonths: 12,
        firms: 3,
        defaults: 1, auc: 0.5, aucLow: nil, aucHigh: nil, ks: 0.5, gini: 0)

    @Test func theAdminsViewHoldsEachModelsScoresExactly() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            try await SnapshotAuditTests.buildSmallRegion(database, files: files, builds: 0)
            let (v1, challenger) = (try BuildJobTests.expertCard(), try Self.challenger())
            let report = try await BuildJob(database: database, model: v1, challengers: [challenger]).run(
                .init(parallelism: 2))
            #expect(report.batch?.challengerSHA256s == [challenger.sha256])
            // What the bodies say, read as the superuser.
            var fromBodies: [String: (grade: String, pd: Double)] = [:]
            for row in try await database.client.query("SELECT uscc::text, body FROM snapshots WHERE batch_id = 1")
                .collect()
            {
                let (uscc, body) = try row.decode((String, String).self)
                let score = try #require(
                    JSONValue(parsing: Array(body.utf8))["challengers"]?[0].flatMap(ChallengerScore.init(json:)))
                fromBodies[uscc] = (score.grade, score.pd)
            }
            let (viewed, champion) = try await DatabaseRoleTests.asMember(of: .admin, database) { db in
                let registry = ModelRegistryStore(database: db)
                return (
                    try await registry.scores(batch: 1, model: challenger.sha256),
                    try await registry.scores(batch: 1, model: v1.sha256)
                )
            }
            #expect(viewed.count == 3 && champion.count == 3)
            for firm in viewed {
                #expect(
                    fromBodies[firm.uscc]?.grade == firm.grade && fromBodies[firm.uscc]?.pd == firm.pd, "\(firm.uscc)")
            }
            let columns = try await SnapshotStore(database: database).scores(batch: 1)
            for firm in champion { #expect(columns[firm.uscc]?.pd == firm.pd) }
            #expect(
                try await DatabaseRoleTests.sqlState(of: "SELECT body FROM snapshots", as: .admin, database) == "42501")
            #expect(
                try await DatabaseRoleTests.sqlState(of: "SELECT * FROM snapshot_model_scores", as: .analyst, database)
                    == "42501")
        }
    }

    @Test func promotionsFollowTheGroups() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            try await SnapshotAuditTests.buildSmallRegion(database, files: files, builds: 1)
            let sha = try BuildJobTests.expertCard().sha256
            let (promotion, user) = try await DatabaseRoleTests.asMember(of: .admin, database) { db in
                let promotion = try await ModelRegistryStore(database: db).promote(
                    sha256: sha, note: "  first champion \n", evidence: Self.evidence)
                return (
                    promotion, try await db.client.query("SELECT session_user::text").collect()[0].decode(String.self)
                )
            }
            #expect(promotion.promotedBy == user && user.hasPrefix("t_admin_"), "the database names who promoted")
            #expect(
                promotion.note == "first champion" && promotion.modelSHA256 == sha
                    && promotion.evidence == Self.evidence)
            #expect(promotion.modelID == "sme-cashflow" && promotion.version == "1")
            await #expect(throws: StoreError.self) {
                try await ModelRegistryStore(database: database).promote(
                    sha256: String(repeating: "0", count: 64), note: "n", evidence: Self.evidence)
            }
            for group in [DatabaseGroup.build, .analyst, .auditor] {
                let champion = try await DatabaseRoleTests.asMember(of: group, database) { db in
                    try await ModelRegistryStore(database: db).champion()?.model.sha256
                }
                #expect(champion == sha, "\(group)")
            }
            let insert = "INSERT INTO model_promotions (model_sha256, note, evidence) VALUES ('\(sha)', 'n', '{}')"
            for group in [DatabaseGroup.build, .analyst, .auditor, .ingest, .service] {
                #expect(try await DatabaseRoleTests.sqlState(of: insert, as: group, database) == "42501", "\(group)")
            }
            let refused: [(DatabaseGroup, String)] = [
                (
                    .admin,
                    "INSERT INTO model_promotions (model_sha256, promoted_by, note, evidence) VALUES ('\(sha)', 'someone', 'n', '{}')"
                ),
                (.admin, "UPDATE model_promotions SET note = 'x'"),
                (.admin, "INSERT INTO scoring_models (sha256, model_id, version, body) VALUES ('x', 'x', '1', 'x')"),
                (.service, "SELECT * FROM model_promotions"), (.ingest, "SELECT * FROM model_promotions"),
            ]
            for (group, statement) in refused {
                #expect(
                    try await DatabaseRoleTests.sqlState(of: statement, as: group, database) == "42501",
                    "\(group): \(statement)")
            }
            // The table's own rules, whoever writes: a note that is only blanks, evidence that is not an object.
            for (statement, state) in [
                ("INSERT INTO model_promotions (model_sha256, note, evidence) VALUES ('\(sha)', '   ', '{}')", "23514"),
                ("INSERT INTO model_promotions (model_sha256, note, evidence) VALUES ('\(sha)', 'n', '[]')", "23514"),
                ("INSERT INTO model_promotions (model_sha256, note, evidence) VALUES ('nope', 'n', '{}')", "23503"),
            ] {
                var got: String?
                do { try await database.client.query(PostgresQuery(unsafeSQL: statement)) } catch {
                    got = Database.sqlState(error)
                }
                #expect(got == state, "\(statement)")
            }
        }
    }
}
