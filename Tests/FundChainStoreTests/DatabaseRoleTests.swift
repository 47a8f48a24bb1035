import Foundation
import FundChainCore
import FundChainIngest
import FundChainStore
import FundChainSynthetic
import FundChainTestSupport
import PostgresNIO
import Testing

/// Least privilege, on real PostgreSQL: each job works when logged in as a role that is a member
/// of its group only, and the service role cannot touch what it must not.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct DatabaseRoleTests {
    /// Runs `body` connected to `database`'s database as a new login role in `group` only.
    static func asMember<T: Sendable>(
        of group: DatabaseGroup, _ database: Database, _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        try await TestRole.asMember(of: group, database, body)
    }

    /// The SQLSTATE of `statement` run as `group`, `nil` when it succeeds.
    static func sqlState(of statement: String, as group: DatabaseGroup, _ database: Database) async throws -> String? {
        try await asMember(of: group, database) { db in
            do {
                try await db.client.query(PostgresQuery(unsafeSQL: statement))
                return nil
            } catch {
                return Database.sqlState(error)
            }
        }
    }

    @Test(arguments: [UInt64(9)])
    func eachJobRunsAsItsGroupOnly(seed: UInt64) async throws {
        try await withTestDatabase { database in
            let directory = NSTemporaryDirectory() + "fundchain-roles-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            _ = try SyntheticEconomyGenerator(configuration: .init(firms: 60, months: 12, seed: seed)).generate(
                into: directory)

            let loaded = try await Self.asMember(of: .ingest, database) { db in
                var loaded = 0
                for kind in [IngestKind.firms, .accounts, .transactions] {
                    let summary = try await Ingestor(database: db).ingest(
                        kind, path: "\(directory)/\(kind.rawValue).csv")
                    #expect(summary.status == "completed", "\(kind)")
                    loaded += summary.loaded
                }
                return loaded
            }
            #expect(loaded > 60)

            let firm = try await database.client.query("SELECT uscc FROM firms ORDER BY uscc LIMIT 1").collect()[0]
                .decode(String.self)
            try await Self.asMember(of: .admin, database) { db in
                let products = BuildJobTests.root.appendingPathComponent("products")
                let names = try FileManager.default.contentsOfDirectory(atPath: products.path).filter {
                    $0.hasSuffix(".yaml")
                }
                let files = try names.sorted().map {
                    ($0, try String(contentsOf: products.appendingPathComponent($0), encoding: .utf8))
                }
                _ = try await ProductCatalogStore(database: db).load(files: files, source: "products")
                _ = try await APIKeyStore(database: db).create(
                    client: "bank", bankCode: "CQRCB", scopes: ["score"], prefix: "p\(seed)",
                    keySHA256: String(repeating: "0", count: 64))
                let consents = directory + "/consents.csv"
                try "uscc,bank,purpose,reference,granted_at,expires_at\n\(firm),CQRCB,score,R-1,2025-01-01,\n"
                    .write(toFile: consents, atomically: true, encoding: .utf8)
                let summary = try await Ingestor(database: db).ingest(.consents, path: consents)
                #expect(summary.loaded == 1)
                #expect(try await ConsentStore(database: db).revoke(reference: "R-1").count == 1)
            }

            let batch = try await Self.asMember(of: .build, database) { db in
                try await BuildJob(database: db, model: try BuildJobTests.expertCard()).run(.init(parallelism: 2)).batch
            }
            let built = try #require(batch)
            #expect(built.firmCount == 60)

            // What the reports read (ReportStore itself, as the analyst: ReportStoreTests).
            try await Self.asMember(of: .analyst, database) { db in
                #expect(try await SnapshotStore(database: db).latestBatch()?.id == built.id)
                for table in [
                    "snapshots", "firms", "firm_month", "flow_edges", "scoring_models", "warnings", "warning_scans",
                ] {
                    _ = try await db.client.query("SELECT * FROM \(unescaped: table) LIMIT 1").collect()
                }
            }

            try await Self.asMember(of: .service, database) { db in
                let snapshots = SnapshotStore(database: db, view: .served)
                #expect(try await snapshots.latestBatch()?.id == built.id)
                #expect(try await snapshots.snapshots(batch: built.id).count == 60)
                #expect(try await APIKeyStore(database: db).all().count == 1)
                #expect(try await ConsentStore(database: db).list().count == 1)
                try await AuditStore(database: db).insert([
                    AuditStore.Row(
                        at: Date(), requestID: "r-1", client: "bank", bankCode: "CQRCB", keyID: 1, route: "createScore",
                        uscc: firm, consentRef: "R-1", snapshotID: nil, status: 403)
                ])
            }

            try await Self.asMember(of: .auditor, database) { db in
                let audit = try await SnapshotStore(database: db).verify(batch: built.id)
                #expect(audit.isValid, "\(audit.problems)")
                #expect(try await AuditStore(database: db).count() == 1)
            }

            // A second batch: the service sees its snapshots only; the first batch's are history,
            // which the auditor reads and the service cannot.
            let second = try #require(
                try await Self.asMember(of: .build, database) { db in
                    try await BuildJob(database: db, model: try BuildJobTests.expertCard()).run(.init(parallelism: 2))
                        .batch
                })
            let old = try #require(try await SnapshotStore(database: database).snapshots(batch: built.id).first)
            try await Self.asMember(of: .service, database) { (db: Database) async throws -> Void in
                let served = SnapshotStore(database: db, view: .served)
                #expect(try await served.snapshots(batch: second.id).count == 60)
                #expect(try await served.snapshots(batch: built.id).isEmpty)
                #expect(try await served.snapshot(id: old.id) == nil)
                #expect(try await served.chain(firm: old.uscc).map(\.batchID) == [second.id])
            }
            #expect(try await Self.sqlState(of: "SELECT * FROM snapshots", as: .service, database) == "42501")
            #expect(try await Self.sqlState(of: "SELECT count(*) FROM snapshots", as: .auditor, database) == nil)
        }
    }

    /// What the issue names, each refused with SQLSTATE 42501 (insufficient_privilege).
    @Test func theServiceCannotRewriteEvidenceOrReadEntries() async throws {
        try await withTestDatabase { database in
            for statement in [
                "UPDATE snapshots SET score = 0", "DELETE FROM audit_log",
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only", "SELECT * FROM transactions",
                "INSERT INTO api_keys (client, bank_code, scopes, prefix, key_sha256) VALUES ('x', 'X', '{score}', 'p', 'h')",
                "UPDATE consents SET revoked_at = now()", "SELECT * FROM firm_month", "CREATE TABLE planted (x int)",
                "SELECT ensure_transactions_partition('2025-01-01')",
            ] {
                let state = try await Self.sqlState(of: statement, as: .service, database)
                #expect(state == "42501", "\(statement)")
            }
        }
    }

    @Test func otherGroupsStayInTheirLanes() async throws {
        try await withTestDatabase { database in
            let refused: [(DatabaseGroup, String)] = [
                (.ingest, "SELECT * FROM snapshots"), (.ingest, "SELECT * FROM api_keys"),
                (
                    .ingest,
                    "INSERT INTO snapshot_batches (id, as_of, window_months, model_sha256, firm_count, merkle_root) VALUES (1, '2025-01-01', 12, 'x', 0, 'x')"
                ),
                (.build, "SELECT * FROM transactions"), (.build, "UPDATE snapshots SET score = 0"),
                (.build, "SELECT * FROM audit_log"),
                (.analyst, "SELECT * FROM transactions"), (.analyst, "SELECT * FROM accounts"),
                (.analyst, "SELECT * FROM api_keys"), (.analyst, "UPDATE warnings SET detail = 'x'"),
                (.auditor, "SELECT key_sha256 FROM api_keys"),
                (
                    .auditor,
                    "INSERT INTO audit_log (uscc, request_id, at, client, bank_code, key_id, route, status) VALUES ('', 'r', now(), 'c', 'b', 1, 'x', 200)"
                ),
                (.admin, "SELECT * FROM transactions"), (.admin, "SELECT * FROM snapshots"),
                (.admin, "UPDATE api_keys SET scopes = '{score,profile}'"),
                // Promotions (docs/models.md): the admin group alone inserts them, nobody changes them,
                // and the service sees neither them nor the per-model scores.
                (.build, "INSERT INTO model_promotions (model_sha256, note, evidence) VALUES ('x', 'n', '{}')"),
                (.analyst, "UPDATE model_promotions SET note = 'x'"), (.admin, "DELETE FROM model_promotions"),
                (.service, "SELECT * FROM model_promotions"), (.service, "SELECT * FROM snapshot_model_scores"),
                (.ingest, "SELECT * FROM snapshot_model_scores"),
                // Warnings: the build group raises them (its scan), the analyst only handles them.
                (.analyst, "INSERT INTO warning_scans (batch_id, score_drop, raised, added) VALUES (1, 30, 0, 0)"),
                (
                    .analyst,
                    "INSERT INTO warnings (batch_id, previous_batch, uscc, kind, detail, raised_at) "
                        + "VALUES (2, 1, '91500112MA5U00001H', 'score_drop', 'x', now())"
                ),
                (.build, "UPDATE warnings SET note = 'x'"), (.service, "SELECT * FROM warning_scans"),
            ]
            for (group, statement) in refused {
                let state = try await Self.sqlState(of: statement, as: group, database)
                #expect(state == "42501", "\(group): \(statement)")
            }
            #expect(
                try await Self.sqlState(of: "SELECT id, client, revoked_at FROM api_keys", as: .auditor, database)
                    == nil)
        }
    }

    /// Every object belongs to the owner group, including partitions made later by ingest.
    @Test func theOwnerGroupOwnsEverything() async throws {
        try await withTestDatabase { database in
            _ = try await Self.asMember(of: .ingest, database) { db in
                try await db.client.query("SELECT ensure_transactions_partition('2031-07-04')")
            }
            let others = try await database.client.query(
                """
                SELECT c.relname FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> 'fundchain_owner'::regrole
                UNION ALL
                SELECT p.proname FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> 'fundchain_owner'::regrole
                """
            ).collect().map { try $0.decode(String.self) }
            #expect(others.isEmpty, "not owned by fundchain_owner: \(others)")
            let partition = try await database.client.query("SELECT to_regclass('transactions_y2031m07') IS NOT NULL")
                .collect()[0].decode(Bool.self)
            #expect(partition)
        }
    }
}
