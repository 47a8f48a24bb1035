import FundChainCore
import FundChainIngest
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Synchronization
import Testing

@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct IngestTests {
    /// Loads the small region and returns the transactions summary.
    func loadSmallRegion(_ db: Database, files: FixtureFiles, strict: Bool = false) async throws -> IngestSummary {
        let ingestor = Ingestor(database: db)
        let firms = try await ingestor.ingest(.firms, path: try files.write("firms.csv", SmallRegion.firms))
        #expect(firms.loaded == 3 && firms.rejected == 0)
        let accounts = try await ingestor.ingest(.accounts, path: try files.write("accounts.csv", SmallRegion.accounts))
        #expect(accounts.loaded == 4)
        return try await ingestor.ingest(
            .transactions, path: try files.write("tx.csv", SmallRegion.transactions), options: .init(strict: strict))
    }

    @Test func bothSidesOfATransferCountOnceInFlowEdges() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            let summary = try await loadSmallRegion(db, files: files)
            #expect(summary.read == 8 && summary.loaded == 8 && summary.duplicate == 0 && summary.rejected == 0)
            let edges = try await db.client.query(
                "SELECT month::text, payer_firm, payee_firm, amount, txn_count FROM flow_edges ORDER BY month, payer_firm, payee_firm"
            ).collect().map { try $0.decode((String, String, String, Int64, Int32).self) }
            // Expected by hand from SmallRegion.transactions: the edges between covered firms.
            let expected: [(String, String, String, Int64, Int32)] = [
                ("2025-01-01", SmallRegion.automaker, SmallRegion.supplier, 100_000, 1),
                ("2025-02-01", SmallRegion.supplier, SmallRegion.logistics, 30_050, 1),
                ("2025-03-01", SmallRegion.supplier, SmallRegion.supplier, 20_000, 1),
            ]
            #expect(edges.count == expected.count)
            for (got, want) in zip(edges, expected) {
                #expect(got.0 == want.0 && got.1 == want.1 && got.2 == want.2 && got.3 == want.3 && got.4 == want.4)
            }
            // The graph's reader adds the flows with the outside world, from firm_month.
            let january = try CalendarDate(parsing: "2025-01-01").monthIndex
            let graphEdges = try await FlowEdgeStore.flows(db, months: january...(january + 2)).map {
                "\(CalendarDate(monthIndex: $0.month))|\($0.sourceKey)|\($0.targetKey)|\($0.amountFen)|\($0.txnCount)"
            }
            #expect(
                graphEdges.sorted() == [
                    "2025-01-01|\(SmallRegion.automaker)|\(SmallRegion.supplier)|100000|1",
                    "2025-02-01|\(SmallRegion.supplier)|\(SmallRegion.logistics)|30050|1",
                    "2025-02-01|outside|\(SmallRegion.automaker)|500000|1",
                    "2025-03-01|\(SmallRegion.logistics)|outside|8025|1",
                    "2025-03-01|\(SmallRegion.supplier)|\(SmallRegion.supplier)|20000|1",
                ])
            let months = try await db.client.query(
                """
                SELECT firm, month::text, inflow, outflow, inflow_outside, outflow_outside, credit_count, debit_count, inflow_days
                FROM firm_month ORDER BY firm, month
                """
            ).collect().map { try $0.decode((String, String, Int64, Int64, Int64, Int64, Int32, Int32, Int32).self) }
            let supplierMarch = try #require(months.first { $0.0 == SmallRegion.supplier && $0.1 == "2025-03-01" })
            // The internal transfer is neither inflow nor outflow, but both entries are counted.
            #expect(supplierMarch.2 == 0 && supplierMarch.3 == 0 && supplierMarch.6 == 1 && supplierMarch.7 == 1)
            let automakerFeb = try #require(months.first { $0.0 == SmallRegion.automaker && $0.1 == "2025-02-01" })
            #expect(automakerFeb.2 == 500_000 && automakerFeb.4 == 500_000 && automakerFeb.8 == 1 << 10)
            let logisticsFeb = try #require(months.first { $0.0 == SmallRegion.logistics && $0.1 == "2025-02-01" })
            #expect(logisticsFeb.2 == 30_050 && logisticsFeb.4 == 0)
        }
    }

    @Test func loadSummaryTotalsBothSidesOfTransfers() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            _ = try await loadSmallRegion(db, files: files)
            var summary = try await LoadSummary.load(db)
            // By hand: 1,000.00 + 300.50 between firms; the internal transfer counts on neither side.
            #expect(summary.firmToFirm == 130_050 && summary.creditsFromCoveredFirms == 130_050)
            #expect(summary.fromOutside == 500_000 && summary.toOutside == 8_025)
            #expect(summary.firms == 3 && summary.coreFirms == 1 && summary.accounts == 4 && summary.entries == 8)
            #expect(summary.firstMonth == "2025-01-01" && summary.lastMonth == "2025-03-01")
            // A debit whose credit side never arrives shows up as a difference.
            let oneSided =
                SmallRegion.header + "ICBC,6222000000000001,I5,2025-03-03,D,50.00,CNY,6230000000000003,丙,CQRCB,货款\n"
            _ = try await Ingestor(database: db).ingest(.transactions, path: try files.write("one-sided.csv", oneSided))
            summary = try await LoadSummary.load(db)
            #expect(summary.firmToFirm - summary.creditsFromCoveredFirms == 5_000)
        }
    }

    @Test func reingestingTheSameFileLoadsNothingNew() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            _ = try await loadSmallRegion(db, files: files)
            let before = try await aggregateTotals(db)
            let again = try await Ingestor(database: db).ingest(.transactions, path: files.directory + "/tx.csv")
            #expect(again.read == 8 && again.loaded == 0 && again.duplicate == 8 && again.rejected == 0)
            #expect(try await aggregateTotals(db) == before)
            let firmsAgain = try await Ingestor(database: db).ingest(.firms, path: files.directory + "/firms.csv")
            #expect(firmsAgain.loaded == 0 && firmsAgain.duplicate == 3)
            let runs = try await db.client.query(
                "SELECT count(*) FROM ingest_runs WHERE rows_read <> rows_loaded + rows_duplicate + rows_rejected"
            ).collect().first!.decode(Int.self)
            #expect(runs == 0)
        }
    }

    @Test func overlappingFileLoadsOnlyTheNewEntriesAndAggregatesThemOnce() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            _ = try await loadSmallRegion(db, files: files)
            let overlap =
                SmallRegion.header + """
                    ICBC,6222000000000001,I1,2025-01-05,D,1000.00,CNY,6227000000000002,乙,CCB,货款
                    ICBC,6222000000000001,I9,2025-01-20,D,10.00,CNY,6227000000000002,乙,CCB,货款
                    ICBC,6222000000000001,I9,2025-01-20,D,10.00,CNY,6227000000000002,乙,CCB,货款

                    """
            let summary = try await Ingestor(database: db).ingest(
                .transactions, path: try files.write("overlap.csv", overlap))
            #expect(summary.read == 3 && summary.loaded == 1 && summary.duplicate == 2)
            let amount = try await db.client.query(
                "SELECT amount, txn_count FROM flow_edges WHERE payer_firm = \(SmallRegion.automaker) AND month = '2025-01-01'"
            ).collect().first!.decode((Int64, Int32).self)
            #expect(amount.0 == 101_000 && amount.1 == 2)
            #expect(try await aggregatesMatchTransactions(db))
        }
    }

    /// Batches merge two at a time on two connections: a generated region loaded in batches of
    /// 499, with its first third of entries repeated at the end (duplicates of batches long
    /// committed) and 500 entries from its middle repeated right after themselves (duplicates of
    /// a batch that may still be merging), leaves the same three tables as loading it in one
    /// batch, and every row read is counted once.
    @Test func twoBatchesMergingAtOnceLeaveWhatOneBatchLeaves() async throws {
        let (region, header, entries) = try await generatedEntries(firms: 400, months: 3, seed: 61)
        let files = try FixtureFiles()
        defer { files.remove() }
        let (third, middle) = (entries.count / 3, entries.count / 2)
        let repeated =
            [header] + entries[..<(middle + 500)] + entries[middle..<(middle + 500)] + entries[(middle + 500)...]
            + entries[..<third]
        let file = try files.write("tx.csv", repeated.joined(separator: "\n") + "\n")
        let tables = Mutex<[[String]]>([])
        for batchSize in [499, 1_000_000] {
            try await withTestDatabase { db in
                let ingestor = Ingestor(database: db)
                _ = try await ingestor.ingest(.firms, path: region + "/firms.csv")
                _ = try await ingestor.ingest(.accounts, path: region + "/accounts.csv")
                let summary = try await ingestor.ingest(.transactions, path: file, options: .init(batchSize: batchSize))
                #expect(summary.read == repeated.count - 1)
                #expect(summary.read == summary.loaded + summary.duplicate + summary.rejected)
                // (A repeated row that is rejected is rejected again.)
                #expect(summary.duplicate + summary.rejected >= third + 500)
                #expect(try await aggregatesMatchTransactions(db))
                let digests = try await tableDigests(db, ["transactions", "flow_edges", "firm_month"])
                tables.withLock { $0.append(["\(summary.loaded) \(summary.duplicate) \(summary.rejected)"] + digests) }
            }
        }
        let both = tables.withLock { $0 }
        #expect(both.count == 2 && both[0] == both[1])
    }

    /// A second run whose firm-months and edges already exist (the same months' entries of other
    /// accounts) adds to them, and leaves what one run of both files leaves.
    @Test func aSecondRunOverExistingAggregatesAddsToThem() async throws {
        let (region, header, entries) = try await generatedEntries(firms: 300, months: 2, seed: 67)
        let files = try FixtureFiles()
        defer { files.remove() }
        let (first, second, all) = try alternateLines(header: header, entries: entries, files: files)
        let tables = Mutex<[[String]]>([])
        for paths in [[first, second], [all]] {
            try await withTestDatabase { db in
                let ingestor = Ingestor(database: db)
                _ = try await ingestor.ingest(.firms, path: region + "/firms.csv")
                _ = try await ingestor.ingest(.accounts, path: region + "/accounts.csv")
                for path in paths {
                    _ = try await ingestor.ingest(.transactions, path: path, options: .init(batchSize: 700))
                }
                #expect(try await aggregatesMatchTransactions(db))
                let digests = try await tableDigests(db, ["flow_edges", "firm_month"])
                tables.withLock { $0.append(digests) }
            }
        }
        let both = tables.withLock { $0 }
        #expect(both.count == 2 && both[0] == both[1])
    }

    /// PostgreSQL's unique key compares references byte by byte; Swift's `==` on strings compares
    /// them as Unicode (canonical equivalence). "é" written precomposed (U+00E9) and decomposed
    /// (e + U+0301) are two entries to PostgreSQL, so they are two whether they arrive in one
    /// batch or in two. (Ingest used to drop the second as a duplicate within a batch only.)
    @Test func referencesEqualAsUnicodeButNotAsBytesAreTwoEntriesInOneBatchOrTwo() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        let precomposed = "R\u{E9}f", decomposed = "Re\u{301}f"
        #expect(precomposed == decomposed && Array(precomposed.utf8) != Array(decomposed.utf8))
        @Sendable func rows(_ refs: [String]) -> String {
            SmallRegion.header
                + refs.map { "ICBC,6222000000000001,\($0),2025-01-07,D,1.00,CNY,,,,\n" }.joined()
        }
        try await withTestDatabase { db in
            _ = try await loadSmallRegion(db, files: files)
            let ingestor = Ingestor(database: db)
            let one = try await ingestor.ingest(
                .transactions, path: try files.write("one.csv", rows([precomposed, decomposed, precomposed])))
            #expect(one.read == 3 && one.loaded == 2 && one.duplicate == 1, "one batch: \(one)")
            let first = try await ingestor.ingest(
                .transactions, path: try files.write("a.csv", rows(["X" + precomposed])))
            let second = try await ingestor.ingest(
                .transactions, path: try files.write("b.csv", rows(["X" + decomposed, "X" + precomposed])))
            #expect(
                first.loaded == 1 && second.loaded == 1 && second.duplicate == 1, "two batches: \(first), \(second)")
            #expect(try await aggregatesMatchTransactions(db))
        }
    }

    @Test func strictModeLoadsNothingWhenAnyRowIsBad() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            let ingestor = Ingestor(database: db)
            _ = try await ingestor.ingest(.firms, path: try files.write("firms.csv", SmallRegion.firms))
            _ = try await ingestor.ingest(.accounts, path: try files.write("accounts.csv", SmallRegion.accounts))
            let bad = SmallRegion.transactions + "ICBC,6222000000000001,I7,2025-13-01,D,1.00,CNY,,,,\n"
            let summary = try await ingestor.ingest(
                .transactions, path: try files.write("bad.csv", bad), options: .init(strict: true, batchSize: 3))
            #expect(
                summary.status == "failed" && summary.loaded == 0 && summary.rejected == summary.read
                    && summary.read == 9)
            #expect(summary.rejectsByReason == ["invalid_date": 1])
            let counts = try await db.client.query(
                "SELECT (SELECT count(*) FROM transactions), (SELECT count(*) FROM flow_edges), (SELECT count(*) FROM firm_month)"
            ).collect().first!.decode((Int, Int, Int).self)
            #expect(counts == (0, 0, 0))
            let reject = try await db.client.query(
                "SELECT line, field, reason FROM ingest_rejects WHERE run_id = \(summary.runID)"
            ).collect().map { try $0.decode((Int, String, String).self) }
            #expect(reject.count == 1 && reject[0] == (10, "booked_at", "invalid_date"))
            // The same file without its bad row loads whole in strict mode.
            let good = try await ingestor.ingest(
                .transactions, path: try files.write("good.csv", SmallRegion.transactions),
                options: .init(strict: true, batchSize: 3))
            #expect(good.status == "completed" && good.loaded == 8)
        }
    }

    @Test func partitionsAreCreatedPerMonthOnDemand() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            _ = try await loadSmallRegion(db, files: files)
            let partitions = try await db.client.query(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'transactions'::regclass ORDER BY 1
                """
            ).collect().map { try $0.decode(String.self) }
            #expect(partitions == ["transactions_y2025m01", "transactions_y2025m02", "transactions_y2025m03"])
            let perPartition = try await db.client.query(
                "SELECT tableoid::regclass::text, count(*) FROM transactions GROUP BY 1 ORDER BY 1"
            ).collect().map { try $0.decode((String, Int).self) }
            #expect(perPartition.map(\.1) == [2, 3, 3])
        }
    }

    /// Version 9 re-keys `audit_log` (uscc, at, request_id) and drops the (uscc, at) index that
    /// the key now covers; an audit log of version 8 keeps its rows.
    @Test func anAuditLogOfVersion8IsReKeyed() async throws {
        try await withTestDatabase { db in
            try await db.client.query("DROP TABLE audit_log")
            try await db.client.query(
                """
                CREATE TABLE audit_log (uscc text NOT NULL, request_id text NOT NULL, at timestamptz NOT NULL,
                    client text NOT NULL, bank_code text NOT NULL, key_id bigint NOT NULL, route text NOT NULL,
                    consent_ref text, snapshot_id bigint, status smallint NOT NULL, PRIMARY KEY (uscc, request_id))
                """)
            try await db.client.query("CREATE INDEX audit_log_uscc_at_idx ON audit_log (uscc, at)")
            try await db.client.query(
                """
                INSERT INTO audit_log (uscc, request_id, at, client, bank_code, key_id, route, status)
                VALUES ('91500000MA0000001B', 'r1', now(), 'c', 'B', 1, 'createScore', 200)
                """)
            try await db.client.query("DELETE FROM schema_migrations")
            _ = try await Migrator().migrate(db)
            let key = try await db.client.query(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'audit_log_pkey'"
            ).collect().first?.decode(String.self)
            #expect(key == "PRIMARY KEY (uscc, at, request_id)")
            let indexes = try await db.client.query(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_log' ORDER BY 1"
            ).collect().map { try $0.decode(String.self) }
            #expect(indexes == ["audit_log_at_idx", "audit_log_pkey"])
            #expect(try await AuditStore(database: db).count() == 1)
        }
    }

    @Test func migratingTwiceChangesNothing() async throws {
        try await withTestDatabase { db in
            // withTestDatabase has migrated once already.
            let second = try await Migrator().migrate(db)
            #expect(second.changed == false && second.version == Migrator().version)
            let third = try await Migrator().migrate(db)
            #expect(third == second)
            let recorded = try await db.client.query("SELECT count(*) FROM schema_migrations").collect().first!.decode(
                Int.self)
            #expect(recorded == 1)
            #expect(try await Migrator.appliedVersion(db) == Migrator().version)
            #expect(try await Migrator().isApplied(db))
            // A database migrated with another text of the same version is not current.
            try await db.client.query("UPDATE schema_migrations SET sha256 = 'older'")
            #expect(try await !Migrator().isApplied(db))
        }
    }

    @Test func badHeaderFailsTheRunAndNamesTheColumn() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            let path = try files.write("firms.csv", "uscc,name,industry\n")
            await #expect(throws: IngestError.self) { try await Ingestor(database: db).ingest(.firms, path: path) }
            let run = try await db.client.query("SELECT status, error FROM ingest_runs").collect().first!.decode(
                (String, String).self)
            #expect(run.0 == "failed" && run.1.contains("missing column 'region'"))
        }
    }
}

/// A generated region's directory, and its statement file's header line and entry lines.
func generatedEntries(firms: Int, months: Int, seed: UInt64) async throws -> (String, Substring, [Substring]) {
    let region = try await GeneratedRegion.directory(firms: firms, months: months, seed: seed)
    let lines = try String(contentsOfFile: region + "/transactions.csv", encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: true)
    return (region, lines[0], Array(lines.dropFirst()))
}

/// Statement files of the odd lines, the even lines (each covering every month and most firms)
/// and all lines of `entries`.
func alternateLines(header: Substring, entries: [Substring], files: FixtureFiles) throws -> (
    odd: String, even: String, all: String
) {
    let odd = [header] + entries.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    let even = [header] + entries.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    return (
        try files.write("odd.csv", odd.joined(separator: "\n") + "\n"),
        try files.write("even.csv", even.joined(separator: "\n") + "\n"),
        try files.write("all.csv", ([header] + entries).joined(separator: "\n") + "\n")
    )
}

/// One digest per table of all its rows, in a fixed order.
func tableDigests(_ db: Database, _ tables: [String]) async throws -> [String] {
    var digests: [String] = []
    for table in tables {
        // Table names are the tests' own constants.
        let query = PostgresQuery(unsafeSQL: "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM \(table) t")
        digests.append(try await db.client.query(query).collect().first!.decode(String.self))
    }
    return digests
}

/// Sums that must not change when nothing new is loaded.
func aggregateTotals(_ db: Database) async throws -> [Int64] {
    let row = try await db.client.query(
        """
        SELECT (SELECT count(*) FROM transactions), (SELECT coalesce(sum(amount), 0) FROM flow_edges)::int8,
               (SELECT coalesce(sum(txn_count), 0) FROM flow_edges)::int8, (SELECT coalesce(sum(inflow), 0) FROM firm_month)::int8
        """
    ).collect().first!.decode((Int64, Int64, Int64, Int64).self)
    return [row.0, row.1, row.2, row.3]
}

/// Recomputes the aggregates from the raw entries in SQL, independently of the ingest code, and
/// compares them with the incrementally maintained tables.
func aggregatesMatchTransactions(_ db: Database) async throws -> Bool {
    let edges = try await db.client.query(
        """
        WITH recomputed AS (
            SELECT date_trunc('month', booked_at)::date AS month, firm AS payer, counterparty_firm AS payee,
                   sum(amount) AS amount, count(*) AS n
            FROM transactions
            WHERE direction = 'D' AND counterparty_firm IS NOT NULL
            GROUP BY 1, 2, 3
        )
        SELECT count(*) FROM recomputed r FULL JOIN flow_edges f
          ON f.month = r.month AND f.payer_firm = r.payer AND f.payee_firm = r.payee
        WHERE r.amount IS DISTINCT FROM f.amount OR r.n IS DISTINCT FROM f.txn_count
        """
    ).collect().first!.decode(Int.self)
    let months = try await db.client.query(
        """
        WITH t AS (
            SELECT date_trunc('month', booked_at)::date AS month, firm, direction = 'C' AS credit, amount,
                   counterparty_firm IS NULL AS outside, counterparty_firm IS DISTINCT FROM firm AS external,
                   1 << (extract(day from booked_at)::int - 1) AS day
            FROM transactions
        ), recomputed AS (
            SELECT month, firm,
                   coalesce(sum(amount) FILTER (WHERE credit AND external), 0) AS inflow,
                   coalesce(sum(amount) FILTER (WHERE NOT credit AND external), 0) AS outflow,
                   coalesce(sum(amount) FILTER (WHERE credit AND outside), 0) AS inflow_outside,
                   coalesce(sum(amount) FILTER (WHERE NOT credit AND outside), 0) AS outflow_outside,
                   count(*) FILTER (WHERE credit) AS credit_count, count(*) FILTER (WHERE NOT credit) AS debit_count,
                   coalesce(bit_or(day) FILTER (WHERE credit AND external), 0) AS inflow_days,
                   coalesce(bit_or(day) FILTER (WHERE NOT credit AND external), 0) AS outflow_days,
                   count(*) FILTER (WHERE credit AND outside) AS credit_count_outside,
                   count(*) FILTER (WHERE NOT credit AND outside) AS debit_count_outside
            FROM t GROUP BY 1, 2
        )
        SELECT count(*) FROM recomputed r FULL JOIN firm_month f ON f.month = r.month AND f.firm = r.firm
        WHERE (r.inflow, r.outflow, r.inflow_outside, r.outflow_outside, r.credit_count, r.debit_count, r.inflow_days,
               r.outflow_days, r.credit_count_outside, r.debit_count_outside)
              IS DISTINCT FROM
              (f.inflow, f.outflow, f.inflow_outside, f.outflow_outside, f.credit_count::int8, f.debit_count::int8,
               f.inflow_days, f.outflow_days, f.credit_count_outside::int8, f.debit_count_outside::int8)
        """
    ).collect().first!.decode(Int.self)
    return edges == 0 && months == 0
}
