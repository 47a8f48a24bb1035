import Foundation
import FundChainCore
import FundChainIngest
import FundChainSynthetic
import FundChainTestSupport
import PostgresNIO
import Testing

@testable import FundChainStore

/// `credit_events` on real PostgreSQL: the import's accounting and reasons, idempotent re-import,
/// strict mode, append-only evidence, and who may read and write it.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct CreditEventStoreTests {
    static let header = "uscc,event,event_date,bank,reference\n"

    /// The three firms of `SmallRegion`, as the consent tests load them.
    func loadFirms(_ db: Database, files: FixtureFiles) async throws {
        try await ConsentStoreTests().loadFirms(db, files: files)
    }

    /// Every row read ends loaded, duplicate or rejected with its line, field and reason.
    @Test func importAccountsForEveryRow() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        let a = SmallRegion.automaker, s = SmallRegion.supplier
        let csv =
            Self.header + """
                \(s),overdue_90,2025-03-10,CCB,CE-1
                \(s),default,2025-06-01,CCB,CE-2
                \(s),written_off,2025-09-30,,
                \(a),restructured,2025-02-01,ICBC,CE-3
                \(s),overdue_90,2025-03-10,CCB,CE-1
                91500112MA5U00001X,default,2025-01-01,CCB,CE-4
                91500000MA0000001B,default,2025-01-01,CCB,CE-5
                \(a),bankrupt,2025-01-01,CCB,CE-6
                \(a),default,2025-02-29,CCB,CE-7
                \(a),default,2999-01-01,CCB,CE-8
                \(a),default,2025-01-01,CCB\u{1}X,CE-9
                \(a),default,2025-01-01,CCB,\(String(repeating: "x", count: 129))
                \(a),default,2025-01-01,C-CB,CE-10
                \(a),default

                """
        try await withTestDatabase { db in
            try await loadFirms(db, files: files)
            let path = try files.write("credit_events.csv", csv)
            let summary = try await Ingestor(database: db).ingest(.creditEvents, path: path)
            #expect(summary.kind == .creditEvents && summary.status == "completed")
            #expect(summary.read == 14 && summary.loaded == 4 && summary.duplicate == 1 && summary.rejected == 9)
            #expect(summary.read == summary.loaded + summary.duplicate + summary.rejected)
            let rejects = try await db.client.query(
                "SELECT line, field, reason FROM ingest_rejects WHERE run_id = \(summary.runID) ORDER BY line"
            ).collect().map { try $0.decode((Int64, String, String).self) }
            // Lines count the header as line 1.
            let expected: [(Int64, String, String)] = [
                (7, "uscc", "invalid_uscc"), (8, "uscc", "unknown_firm"), (9, "event", "invalid_code"),
                (10, "event_date", "invalid_date"), (11, "event_date", "future_date"), (12, "bank", "invalid_text"),
                (13, "reference", "too_long"), (14, "bank", "invalid_code"), (15, "*", "wrong_field_count"),
            ]
            #expect(rejects.count == expected.count)
            for (got, want) in zip(rejects, expected) { #expect(got == want) }
            let messages = try await db.client.query(
                "SELECT message FROM ingest_rejects WHERE run_id = \(summary.runID) AND reason = 'future_date'"
            ).collect().map { try $0.decode(String.self) }
            #expect(messages.first?.hasPrefix("event_date 2999-01-01 is after today (") == true)
            let run = try await db.client.query(
                "SELECT kind, rows_read, rows_loaded, rows_duplicate, rows_rejected FROM ingest_runs WHERE id = \(summary.runID)"
            ).collect()[0].decode((String, Int64, Int64, Int64, Int64).self)
            #expect(run == ("credit_events", 14, 4, 1, 9))

            let store = CreditEventStore(database: db)
            let events = try await store.events(uscc: s)
            #expect(events.map(\.kind) == [.overdue90, .default, .writtenOff])
            #expect(events[2].bankCode == nil && events[2].reference == nil, "empty bank and reference are NULL")
            #expect(try await store.defaultDates() == [s: try CalendarDate(parsing: "2025-03-10")])
            let stored = try await db.client.query("SELECT count(*) FROM credit_events WHERE run_id = \(summary.runID)")
                .collect()[0].decode(Int64.self)
            #expect(stored == 4)

            // Loading the same file again: everything valid is a duplicate, the empty bank included.
            let again = try await Ingestor(database: db).ingest(.creditEvents, path: path)
            #expect(again.loaded == 0 && again.duplicate == 5 && again.rejected == 9)
            // The same event under another reference is another report, kept.
            let other = try files.write(
                "more.csv", "uscc,event,event_date\n\(s),written_off,2025-09-30\n\(a),restructured,2025-02-01\n")
            let more = try await Ingestor(database: db).ingest(.creditEvents, path: other)
            #expect(more.duplicate == 1 && more.loaded == 1)
        }
    }

    /// With --strict a file with one bad row loads nothing, and says which row was wrong.
    @Test func strictLoadsAllOrNothing() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        let s = SmallRegion.supplier
        try await withTestDatabase { db in
            try await loadFirms(db, files: files)
            let path = try files.write(
                "bad.csv", Self.header + "\(s),default,2025-06-01,CCB,CE-1\n\(s),default,2999-06-01,CCB,CE-2\n")
            let strict = try await Ingestor(database: db).ingest(
                .creditEvents, path: path, options: .init(strict: true))
            #expect(strict.status == "failed" && strict.loaded == 0 && strict.rejected == 2)
            #expect(try await CreditEventStore(database: db).events().isEmpty)
            let good = try files.write("good.csv", Self.header + "\(s),default,2025-06-01,CCB,CE-1\n")
            let ok = try await Ingestor(database: db).ingest(.creditEvents, path: good, options: .init(strict: true))
            #expect(ok.status == "completed" && ok.loaded == 1)
        }
    }

    /// Evidence: no update, delete or truncate, whoever asks (SQLSTATE FC001 from the trigger).
    @Test func creditEventsAreAppendOnly() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            try await loadFirms(db, files: files)
            let path = try files.write("e.csv", Self.header + "\(SmallRegion.supplier),default,2025-06-01,CCB,CE-1\n")
            #expect(try await Ingestor(database: db).ingest(.creditEvents, path: path).loaded == 1)
            for statement in [
                "UPDATE credit_events SET event_date = '2025-07-01'", "DELETE FROM credit_events",
                "TRUNCATE credit_events",
            ] {
                var state: String?
                do { try await db.client.query(PostgresQuery(unsafeSQL: statement)) } catch {
                    state = Database.sqlState(error)
                }
                #expect(state == "FC001", "\(statement)")
            }
            #expect(try await CreditEventStore(database: db).events().count == 1)
        }
    }

    /// The admin group imports; build, analyst and auditor read; the service sees nothing.
    @Test func grantsFollowTheGroups() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            try await loadFirms(database, files: files)
            let path = try files.write(
                "e.csv", Self.header + "\(SmallRegion.supplier),overdue_90,2025-06-01,CCB,CE-1\n")
            let summary = try await DatabaseRoleTests.asMember(of: .admin, database) { db in
                try await Ingestor(database: db).ingest(.creditEvents, path: path)
            }
            #expect(summary.loaded == 1)
            for group in [DatabaseGroup.build, .analyst, .auditor] {
                let count = try await DatabaseRoleTests.asMember(of: group, database) { db in
                    try await CreditEventStore(database: db).events().count
                }
                #expect(count == 1, "\(group)")
            }
            let insert =
                "INSERT INTO credit_events (uscc, event, event_date) VALUES ('\(SmallRegion.supplier)', 'default', '2025-01-01')"
            for group in [DatabaseGroup.build, .analyst, .auditor, .ingest] {
                #expect(try await DatabaseRoleTests.sqlState(of: insert, as: group, database) == "42501", "\(group)")
            }
            for group in [DatabaseGroup.service, .ingest] {
                let state = try await DatabaseRoleTests.sqlState(of: "SELECT * FROM credit_events", as: group, database)
                #expect(state == "42501", "\(group)")
            }
        }
    }

    /// The operator's path with the built binary: a generated region's events load whole, and
    /// again as duplicates only; `--strict` fails the run (exit 4) on a bad file.
    @Test func generatedEventsImportWithTheCLI() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let url = database.configuration.url()
            let dir = files.directory + "/region"
            let generate = try CLIRun.run([
                "generate", "--firms", "300", "--months", "14", "--seed", "3", "--end", "2024-12", "--out", dir,
            ])
            #expect(generate.status == 0, "\(generate)")
            let manifest = try JSONDecoder().decode(
                GeneratorManifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
            let rows = try #require(manifest.files["credit_events.csv"]?.rows)
            #expect(rows > 0 && manifest.eventsUntil == "2025-11-30")
            #expect(try CLIRun.run(["ingest", "firms", dir + "/firms.csv", "--database", url]).status == 0)
            func load(_ extra: [String] = []) throws -> (status: Int32, summary: [String: Any]) {
                let run = try CLIRun.run(
                    ["events", "import", dir + "/credit_events.csv", "--json", "--database", url] + extra)
                let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
                return (run.status, json ?? [:])
            }
            let first = try load()
            #expect(first.status == 0)
            #expect(first.summary["kind"] as? String == "credit_events")
            #expect(first.summary["read"] as? Int == rows && first.summary["loaded"] as? Int == rows)
            let again = try load(["--strict"])
            #expect(
                again.status == 0 && again.summary["duplicate"] as? Int == rows && again.summary["loaded"] as? Int == 0)
            let bad = try files.write("bad.csv", "uscc,event,event_date\n91500000MA0000001B,default,2024-01-01\n")
            let strict = try CLIRun.run(["events", "import", bad, "--strict", "--database", url])
            #expect(strict.status != 0 && strict.stdout.contains("unknown_firm"), "\(strict)")
            let total = try await database.client.query("SELECT count(*) FROM credit_events").collect()[0].decode(
                Int64.self)
            #expect(total == Int64(rows))
        }
    }
}
