import Foundation
import FundChainCore
import FundChainIngest
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// Issue 14 part 6 on real PostgreSQL: hostile rows end as rejects (stored, escaped, masked) and
/// the run's accounting still adds up (read = loaded + duplicate + rejected in `ingest_runs`);
/// totals that would overflow `bigint` fail the batch with an error naming it. Counts by hand.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct BadInputIngestTests {
    /// Writes `text` with each `#` replaced by the byte 0xFF (not UTF-8).
    func writeBytes(_ files: FixtureFiles, _ name: String, _ text: String) throws -> String {
        let path = files.directory + "/" + name
        try Data(Array(text.utf8).map { $0 == UInt8(ascii: "#") ? 0xFF : $0 }).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Loads `SmallRegion`'s firms and accounts; returns the ingestor for the transactions.
    func loadFirmsAndAccounts(_ db: Database, files: FixtureFiles) async throws -> Ingestor {
        let ingestor = Ingestor(database: db)
        _ = try await ingestor.ingest(.firms, path: try files.write("firms.csv", SmallRegion.firms))
        _ = try await ingestor.ingest(.accounts, path: try files.write("accounts.csv", SmallRegion.accounts))
        return ingestor
    }

    /// `(rows_read, rows_loaded, rows_duplicate, rows_rejected, status)` of a run.
    func counts(_ db: Database, run: Int64) async throws -> (Int64, Int64, Int64, Int64, String) {
        try await db.client.query(
            "SELECT rows_read, rows_loaded, rows_duplicate, rows_rejected, status FROM ingest_runs WHERE id = \(run)"
        ).collect().first!.decode((Int64, Int64, Int64, Int64, String).self)
    }

    func rejects(_ db: Database, run: Int64) async throws -> [(Int, String, String)] {
        try await db.client.query(
            "SELECT line, reason, raw FROM ingest_rejects WHERE run_id = \(run) ORDER BY line"
        ).collect().map { try $0.decode((Int, String, String).self) }
    }

    @Test func hostileCSVRowsAreRejectsAndTheAccountingAddsUp() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            let ingestor = try await loadFirmsAndAccounts(db, files: files)
            let text =
                SmallRegion.header
                + "ICBC,6222000000000001,G1,2025-01-05,D,1000.00,CNY,6227000000000002,乙,CCB,货款\n"  // 2 loaded
                + "CCB,6227000000000002,G2,2025-01-05,C,1000.00,CNY,6222000000000001,甲,ICBC,货款\n"  // 3 loaded
                + "ICBC,6222000000000001,N1,2025-01-06,D,1.00,CNY,,x\u{0}y,,\n"  // 4 invalid_text (NUL)
                + "ICBC,6222000000000001,N2,2025-01-06,D,1.00,CNY,,,,\u{1}\n"  // 5 invalid_text
                + "ICBC,6222000000000001,H1,2025-01-07,C,10000000000000.01,CNY,,,,\n"  // 6 amount_too_large
                + "ICBC,6222000000000001,H2,2025-01-07,C,20000000000000.00,CNY,,,,\n"  // 7 amount_too_large
                + "ICBC,6222000000000001,W1,2025-01-08,D,1.00,CNY,,6227000000000002\n"  // 8 wrong_field_count
                + "ICBC,6222000000000001,U1,2025-01-08,D,1.00,CNY,,#,,\n"  // 9 invalid_text (not UTF-8)
                + "ICBC,6222000000000001,G1,2025-01-05,D,1000.00,CNY,6227000000000002,乙,CCB,货款\n"  // 10 duplicate
            let s = try await ingestor.ingest(
                .transactions, path: try writeBytes(files, "tx.csv", text), options: .init(batchSize: 3))
            #expect(s.status == "completed" && s.read == 9 && s.loaded == 2 && s.duplicate == 1 && s.rejected == 6)
            #expect(s.rejectsByReason == ["invalid_text": 3, "amount_too_large": 2, "wrong_field_count": 1])
            let (read, loaded, duplicate, rejected, status) = try await counts(db, run: s.runID)
            #expect(status == "completed" && read == 9 && loaded == 2 && duplicate == 1 && rejected == 6)
            let stored = try await rejects(db, run: s.runID)
            #expect(stored.map(\.0) == [4, 5, 6, 7, 8, 9])
            #expect(stored[0].2 == "ICBC,************0001,N1,2025-01-06,D,1.00,CNY,,x\\u0000y,,")
            #expect(stored[4].2 == "ICBC,************0001,W1,2025-01-08,D,1.00,CNY,,************0002")
            #expect(stored.allSatisfy { !$0.2.contains("6222000000000001") && !$0.2.contains("6227000000000002") })
            // Only G1 moved money out of the automaker in January: the huge credits added nothing.
            let january = try await db.client.query(
                "SELECT inflow, outflow FROM firm_month WHERE firm = \(SmallRegion.automaker) AND month = '2025-01-01'"
            ).collect().first!.decode((Int64, Int64).self)
            #expect(january == (0, 100_000))
        }
    }

    static let mt940 = """
        :20:ICBC250331
        :25:ICBKCNBJ/6222000000000001
        :28C:1/1
        :60F:C250101CNY10000,00
        :61:2501050105D1000,00NTRFNONREF//I1
        :86:166?00UEBERWEISUNG?20SVWZ+#?30PCBCCNBJ?316227000000000002?32B
        :61:2502110211C5000,NTRFNONREF//I2
        :86:166?00GUTSCHRIFT?20SVWZ+SALES?30BKCHCNBJ?319999000011112222?32C
        :61:2502120212D10,00NTRFNONREF//I3
        :86:166?00UEBERWEISUNG?20SVWZ+A\u{0}B
        :61:2502130213C10000000000000,01NTRFNONREF//I4
        :62F:C250331CNY14000,00
        :20:X\u{0}Y
        :25:ICBKCNBJ/6222000000000001
        :60F:C250101CNY0,00
        :61:2503010301C1,00NTRFNONREF//I5
        :62F:C250331CNY1,00

        """

    @Test func hostileMT940EntriesAreRejectsAndTheAccountingAddsUp() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            try await StatementRegion.loadFirmsAndAccounts(db, files: files)
            let r = try await StatementIngestor(database: db).ingest(
                path: try writeBytes(files, "bad.sta", Self.mt940), format: .mt940, options: .init(batchSize: 2))
            let s = r.summary
            #expect(s.status == "completed" && s.read == 5 && s.loaded == 1 && s.duplicate == 0 && s.rejected == 4)
            let (read, loaded, duplicate, rejected, status) = try await counts(db, run: s.runID)
            #expect(status == "completed" && read == 5 && loaded == 1 && duplicate == 0 && rejected == 4)
            let stored = try await rejects(db, run: s.runID)
            #expect(stored.map(\.0) == [5, 9, 11, 16])
            #expect(stored.map(\.1) == ["invalid_text", "invalid_text", "amount_too_large", "invalid_text"])
            #expect(stored[0].2 == ":61:******0105D1000,00NTRFNONREF//I1")
            // The second statement's id holds a NUL: stored escaped in the run's details (jsonb refuses U+0000).
            let id = try await db.client.query(
                "SELECT details->'reconciliation'->1->>'id' FROM ingest_runs WHERE id = \(s.runID)"
            ).collect().first!.decode(String.self)
            #expect(id == "X\\u0000Y//2025-01-01")
            // I2 is the one loaded: ¥5,000 into the automaker from outside in February.
            let inflow = try await db.client.query(
                "SELECT inflow FROM firm_month WHERE firm = \(SmallRegion.automaker) AND month = '2025-02-01'"
            ).collect().first!.decode(Int64.self)
            #expect(inflow == 500_000)
        }
    }

    /// Entries at the cap (10^13 yuan = 10^15 fen each) all in one firm-month: 9,223 of them sum
    /// to 9.223 × 10^18 fen, inside Int64 (max ≈ 9.2234 × 10^18); the 9,224th would overflow. It
    /// is H09224, on line 9,225 (the header is line 1), and the run fails naming it.
    @Test func entriesAtTheCapOverflowingAFirmMonthFailTheRunNamingTheLine() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            let ingestor = try await loadFirmsAndAccounts(db, files: files)
            var text = SmallRegion.header
            for i in 1...9_300 {
                let ref = "H" + String(repeating: "0", count: 5 - String(i).count) + String(i)
                text += "ICBC,6222000000000001,\(ref),2025-01-10,C,10000000000000.00,CNY,,,,\n"
            }
            let path = try files.write("huge.csv", text)
            await #expect {
                try await ingestor.ingest(.transactions, path: path)
            } throws: { error in
                "\(error)".contains(
                    "huge.csv: ingest failed: line 9225: the inflow of \(SmallRegion.automaker) in 2025-01 would exceed"
                )
            }
            let left = try await db.client.query(
                """
                SELECT (SELECT count(*) FROM transactions), (SELECT count(*) FROM firm_month),
                       (SELECT rows_read FROM ingest_runs WHERE kind = 'transactions')
                """
            ).collect().first!.decode((Int64, Int64, Int64).self)
            #expect(left == (0, 0, 0))
        }
    }

    @Test func aBigintOverflowInTheAggregatesFailsTheBatchByNameAndLosesNothing() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { db in
            let ingestor = try await loadFirmsAndAccounts(db, files: files)
            // February's inflow 807 fen short of bigint's maximum (9,223,372,036,854,775,807).
            try await db.client.query(
                "INSERT INTO firm_month (month, firm, inflow) VALUES ('2025-02-01', \(SmallRegion.automaker), 9223372036854775000)"
            )
            let text =
                SmallRegion.header + "ICBC,6222000000000001,I2,2025-02-11,C,5000,CNY,9999000011112222,消费者,BOC,销售\n"
            let path = try files.write("tx.csv", text)
            await #expect {
                try await ingestor.ingest(.transactions, path: path)
            } throws: { error in
                "\(error)".contains(
                    "tx.csv: ingest failed: lines 2–2: adding the batch to firm_month of \(SmallRegion.automaker) for 2025-02 would exceed"
                )
            }
            let run = try await db.client.query(
                """
                SELECT status, error, rows_read, rows_loaded + rows_duplicate + rows_rejected FROM ingest_runs
                WHERE kind = 'transactions'
                """
            ).collect().first!.decode((String, String, Int64, Int64).self)
            #expect(run.0 == "failed" && run.1.contains("firm_month of \(SmallRegion.automaker) for 2025-02"))
            #expect(run.2 == 0 && run.3 == 0)
            // The entry is not in transactions without its flows, and the total is untouched.
            let left = try await db.client.query(
                "SELECT (SELECT count(*) FROM transactions), (SELECT inflow FROM firm_month WHERE month = '2025-02-01')"
            ).collect().first!.decode((Int64, Int64).self)
            #expect(left == (0, 9_223_372_036_854_775_000))
        }
    }
}
