import Foundation
import FundChainCore
import FundChainIngest
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// The small region with accounts named by their banks' BICs, as statements name them, and its
/// eight entries as CSV; the same entries are in the own-camt053-* and own-mt940-* fixtures.
enum StatementRegion {
    static let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures/statements")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static let accounts = """
        bank_code,account_no,uscc,opened_on,currency
        ICBKCNBJ,6222000000000001,\(SmallRegion.automaker),2010-06-01,CNY
        PCBCCNBJ,6227000000000002,\(SmallRegion.supplier),2015-02-01,CNY
        CQRBCNBC,6230000000000003,\(SmallRegion.logistics),2018-04-01,CNY
        CQCBCNBC,6231000000000004,\(SmallRegion.supplier),2016-02-01,CNY
        ABNANL2A,NL77ABNA0574908765,\(SmallRegion.logistics),2014-01-01,EUR

        """

    static let transactions =
        SmallRegion.header + """
            ICBKCNBJ,6222000000000001,I1,2025-01-05,D,1000.00,CNY,6227000000000002,乙,PCBCCNBJ,货款
            PCBCCNBJ,6227000000000002,C1,2025-01-05,C,1000.00,CNY,6222000000000001,甲,ICBKCNBJ,货款
            PCBCCNBJ,6227000000000002,C2,2025-02-10,D,300.50,CNY,6230000000000003,丙,CQRBCNBC,运费
            CQRBCNBC,6230000000000003,R1,2025-02-11,C,300.50,CNY,6227000000000002,乙,PCBCCNBJ,运费
            ICBKCNBJ,6222000000000001,I2,2025-02-11,C,5000,CNY,9999000011112222,消费者,BKCHCNBJ,销售
            PCBCCNBJ,6227000000000002,C3,2025-02-10,D,200.00,CNY,6231000000000004,乙,CQCBCNBC,内部调拨
            CQCBCNBC,6231000000000004,Q1,2025-02-10,C,200.00,CNY,6227000000000002,乙,PCBCCNBJ,内部调拨
            CQRBCNBC,6230000000000003,R2,2025-03-31,D,80.25,CNY,1111222233334444,国家税务总局,PBOCCNBJ,税款

            """

    static let camt = [
        "own-camt053-v02-icbc.xml", "own-camt053-v04-ccb.xml", "own-camt053-v06-cqrb.xml", "own-camt053-v08-cqcb.xml",
    ]
    static let mt940 = ["own-mt940-structured.sta", "own-mt940-slashkeys.sta"]

    static func loadFirmsAndAccounts(_ db: Database, files: FixtureFiles) async throws {
        let ingestor = Ingestor(database: db)
        _ = try await ingestor.ingest(.firms, path: try files.write("firms.csv", SmallRegion.firms))
        let a = try await ingestor.ingest(.accounts, path: try files.write("accounts.csv", accounts))
        #expect(a.loaded == 5)
    }

    /// flow_edges, firm_month and transactions (without run ids), ordered, as text.
    static func contents(_ db: Database) async throws -> [[String]] {
        var out: [[String]] = []
        for query: PostgresQuery in [
            "SELECT concat_ws('|', month, payer_firm, payee_firm, amount, txn_count) FROM flow_edges ORDER BY 1",
            """
            SELECT concat_ws('|', month, firm, inflow, outflow, inflow_outside, outflow_outside, credit_count,
                             debit_count, inflow_days, outflow_days, credit_count_outside, debit_count_outside)
            FROM firm_month ORDER BY 1
            """,
            """
            SELECT concat_ws('|', firm, bank_code, account_no, txn_ref, booked_at, direction, amount, currency,
                             counterparty_account, counterparty_name, counterparty_bank, counterparty_firm, purpose)
            FROM transactions ORDER BY 1
            """,
        ] {
            out.append(try await db.client.query(query).collect().map { try $0.decode(String.self) })
        }
        return out
    }
}

@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct StatementIngestTests {
    /// The Done-when test: the same transfers as CSV, as camt.053 and as MT940, each into a fresh
    /// database, give identical flow_edges, firm_month and transactions — and the edges are the
    /// ones worked out by hand.
    @Test func csvCamt053AndMT940GiveTheSameGraph() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        let csv = try await contentsAfterLoading(files: files) { db in
            let s = try await Ingestor(database: db).ingest(
                .transactions, path: try files.write("tx.csv", StatementRegion.transactions))
            #expect(s.loaded == 8)
        }
        let a = SmallRegion.automaker, s = SmallRegion.supplier, l = SmallRegion.logistics
        #expect(
            csv[0] == [
                "2025-01-01|\(a)|\(s)|100000|1", "2025-02-01|\(s)|\(l)|30050|1", "2025-02-01|\(s)|\(s)|20000|1",
            ])
        // The flows with the outside world: the automaker's credit in February, the logistics
        // firm's debit in March (firm_month's outside totals and counts).
        #expect(csv[1].contains("2025-02-01|\(a)|500000|0|500000|0|1|0|\(1 << 10)|0|1|0"))
        #expect(csv[1].contains("2025-03-01|\(l)|0|8025|0|8025|0|1|0|\(1 << 30)|0|1"))
        for (format, names) in [(StatementFormat.camt053, StatementRegion.camt), (.mt940, StatementRegion.mt940)] {
            let statements = try await contentsAfterLoading(files: files) { db in
                var loaded = 0
                for name in names {
                    let r = try await StatementIngestor(database: db).ingest(
                        path: StatementRegion.fixture(name), format: format, options: .init(batchSize: 2))
                    #expect(r.summary.status == "completed" && r.summary.rejected == 0)
                    #expect(r.statements.mismatched == 0 && r.statements.balanced == r.statements.count)
                    loaded += r.summary.loaded
                }
                #expect(loaded == 8)
                #expect(try await aggregatesMatchTransactions(db))
            }
            #expect(statements[0] == csv[0], "flow_edges from \(format)")
            #expect(statements[1] == csv[1], "firm_month from \(format)")
            #expect(statements[2] == csv[2], "transactions from \(format)")
        }
    }

    func contentsAfterLoading(files: FixtureFiles, _ load: @escaping @Sendable (Database) async throws -> Void)
        async throws
        -> [[String]]
    {
        let box = Box()
        try await withTestDatabase { db in
            try await StatementRegion.loadFirmsAndAccounts(db, files: files)
            try await load(db)
            box.value = try await StatementRegion.contents(db)
        }
        return box.value
    }

    /// A statement that does not reconcile still loads; the mismatch is in the summary and in
    /// ingest_runs.details.
    @Test func aMismatchIsReportedAndStoredWithTheRun() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            try await StatementRegion.loadFirmsAndAccounts(db, files: files)
            let r = try await StatementIngestor(database: db).ingest(
                path: StatementRegion.fixture("oca-test-camt053.xml"), format: .camt053)
            #expect(r.summary.status == "completed" && r.summary.loaded == 4)
            #expect(r.statements.count == 1 && r.statements.mismatched == 1)
            let row = try await db.client.query(
                """
                SELECT format, details->>'mismatched', details->'reconciliation'->0->>'status',
                       details->'reconciliation'->0->>'difference', details->'reconciliation'->0->>'account'
                FROM ingest_runs WHERE id = \(r.summary.runID)
                """
            ).collect().first!.decode((String, String, String, String, String).self)
            #expect(row == ("camt053", "1", "mismatch", "-434.16", "**************8765"))
            // 754.25 + 564.05 + 100.00 out, 1405.31 in, all with the outside world, in EUR fen.
            let totals = try await db.client.query(
                "SELECT sum(outflow)::int8, sum(inflow)::int8 FROM firm_month WHERE firm = \(SmallRegion.logistics)"
            ).collect().first!.decode((Int64, Int64).self)
            #expect(totals == (141_830, 140_531))
        }
    }

    @Test func uncoveredAccountsAreRejectsAndStrictLoadsNothing() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            try await StatementRegion.loadFirmsAndAccounts(db, files: files)
            // Two entries of an uncovered account on one line (minified XML): two rejects.
            let r = try await StatementIngestor(database: db).ingest(
                path: StatementRegion.fixture("own-camt053-v07-minified.xml"), format: .camt053)
            #expect(
                r.summary.read == 2 && r.summary.rejected == 2 && r.summary.rejectsByReason == ["unknown_account": 2])
            let rejects = try await db.client.query(
                "SELECT line, field, reason FROM ingest_rejects WHERE run_id = \(r.summary.runID) ORDER BY field"
            ).collect().map { try $0.decode((Int, String, String).self) }
            #expect(rejects.map(\.0) == [1, 1] && rejects.allSatisfy { $0.2 == "unknown_account" })
            #expect(
                rejects.map(\.1) == [
                    "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (account)",
                    "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2] (account)",
                ])
            // A statement file with one unknown account among good ones, strict: nothing loaded.
            let mixed = try files.write(
                "mixed.sta",
                String(
                    decoding: try Data(
                        contentsOf: StatementRegion.fixtures.appendingPathComponent("own-mt940-structured.sta")),
                    as: UTF8.self
                )
                .replacingOccurrences(of: "PCBCCNBJ/6227000000000002", with: "PCBCCNBJ/6227000000009999"))
            let strict = try await StatementIngestor(database: db).ingest(
                path: mixed, format: .mt940, options: .init(strict: true, batchSize: 1))
            #expect(strict.summary.status == "failed" && strict.summary.read == 5 && strict.summary.rejected == 5)
            #expect(try await aggregateTotals(db) == [0, 0, 0, 0])
        }
    }

    @Test func malformedXMLInStrictModeLeavesNothingLoaded() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            try await StatementRegion.loadFirmsAndAccounts(db, files: files)
            let good = String(
                decoding: try Data(
                    contentsOf: StatementRegion.fixtures.appendingPathComponent("own-camt053-v04-ccb.xml")),
                as: UTF8.self)
            let broken = try files.write("broken.xml", good.replacingOccurrences(of: "</Stmt>", with: "</Stmnt>"))
            await #expect(throws: IngestError.self) {
                try await StatementIngestor(database: db).ingest(
                    path: broken, format: .camt053, options: .init(strict: true, batchSize: 1))
            }
            #expect(try await aggregateTotals(db) == [0, 0, 0, 0])
            let run = try await db.client.query("SELECT status, error FROM ingest_runs WHERE format = 'camt053'")
                .collect()
                .first!.decode((String, String).self)
            #expect(
                run.0 == "failed" && run.1.contains("broken.xml:10") && run.1.contains("</Stmnt> does not close <Stmt>")
            )
        }
    }

    /// Statements carry the banks' references, so the entries of a CSV export and of a statement
    /// are the same entries: loading both changes nothing the second time.
    @Test func aStatementAfterTheSameDataAsCSVIsAllDuplicates() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            try await StatementRegion.loadFirmsAndAccounts(db, files: files)
            _ = try await Ingestor(database: db).ingest(
                .transactions, path: try files.write("tx.csv", StatementRegion.transactions))
            let before = try await aggregateTotals(db)
            for name in StatementRegion.camt {
                let r = try await StatementIngestor(database: db).ingest(
                    path: StatementRegion.fixture(name), format: .camt053)
                #expect(r.summary.loaded == 0 && r.summary.duplicate == r.summary.read)
            }
            #expect(try await aggregateTotals(db) == before)
        }
    }
}

extension StatementIngestTests {
    /// Schema version 2 widened ingest_rejects' key to (run_id, line, field); a version-1
    /// database gets the new key when migrated, and keeps it on later migrations.
    @Test func migratingAVersion1DatabaseWidensTheRejectKey() async throws {
        try await withTestDatabase { db in
            try await db.client.query("ALTER TABLE ingest_rejects DROP CONSTRAINT ingest_rejects_pkey")
            try await db.client.query(
                "ALTER TABLE ingest_rejects ADD CONSTRAINT ingest_rejects_pkey PRIMARY KEY (run_id, line)")
            for _ in 0..<2 {
                _ = try await Migrator().migrate(db)
                let columns = try await db.client.query(
                    "SELECT indnatts FROM pg_index WHERE indexrelid = 'ingest_rejects_pkey'::regclass"
                ).collect().first!.decode(Int.self)
                #expect(columns == 3)
            }
        }
    }
}

/// Carries a value out of a `@Sendable` closure.
final class Box: @unchecked Sendable {
    // Written once inside withTestDatabase, read after it returns: never concurrently.
    var value: [[String]] = []
}
