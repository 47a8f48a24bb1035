import FundChainCore
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Synchronization
import Testing

/// Ingests running alongside each other and alongside their own batches: plain inserts of the
/// aggregate rows new to a run, the order in which a run's batches add them, and month partitions
/// made while batches merge.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct IngestConcurrencyTests {
    /// Two runs at once, each over every firm-month of the region (alternate lines of one file),
    /// in small batches: each inserts plainly the rows it has not written, meets the other's
    /// rows (and its new month partitions) while both are in flight, falls back to upserting,
    /// and may be picked as a deadlock victim and merge a batch again. Together they leave
    /// exactly what one run of the whole file leaves.
    @Test func twoRunsAtOnceOverTheSameFirmMonthsLeaveWhatOneRunLeaves() async throws {
        let (region, header, entries) = try await generatedEntries(firms: 300, months: 3, seed: 71)
        let files = try FixtureFiles()
        defer { files.remove() }
        let (odd, even, all) = try alternateLines(header: header, entries: entries, files: files)
        let halves = [odd, even]
        let tables = Mutex<[[String]]>([])
        for together in [true, false] {
            try await withTestDatabase { db in
                let ingestor = Ingestor(database: db)
                _ = try await ingestor.ingest(.firms, path: region + "/firms.csv")
                _ = try await ingestor.ingest(.accounts, path: region + "/accounts.csv")
                var loaded = 0
                if together {
                    async let first = ingestor.ingest(.transactions, path: halves[0], options: .init(batchSize: 400))
                    async let second = ingestor.ingest(.transactions, path: halves[1], options: .init(batchSize: 400))
                    let (a, b) = try await (first, second)
                    #expect(a.status == "completed" && b.status == "completed")
                    loaded = a.loaded + b.loaded
                } else {
                    loaded = try await ingestor.ingest(.transactions, path: all).loaded
                }
                #expect(try await aggregatesMatchTransactions(db))
                // Entries as loaded (not which run loaded them), and the aggregates.
                let entries = try await db.client.query(
                    """
                    SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM (SELECT firm, bank_code, account_no,
                        txn_ref, booked_at, direction, amount, currency, counterparty_account, counterparty_name,
                        counterparty_bank, counterparty_firm, purpose FROM transactions) t
                    """
                ).collect().first!.decode(String.self)
                let digests = try await tableDigests(db, ["flow_edges", "firm_month"])
                tables.withLock { $0.append(["\(loaded)", entries] + digests) }
            }
        }
        let both = tables.withLock { $0 }
        #expect(both.count == 2 && both[0] == both[1], "\(both)")
    }

    /// A batch in flight holds ROW EXCLUSIVE on `transactions` until it commits. Making the
    /// partition of a month not seen yet does not wait for it (it used to: CREATE TABLE …
    /// PARTITION OF takes ACCESS EXCLUSIVE on the parent, and every new month stalled the
    /// merges), and the partition made takes that month's rows under the same unique key.
    @Test func aNewMonthsPartitionDoesNotWaitForMergesInFlight() async throws {
        try await withTestDatabase { db in
            try await db.client.withConnection { merging in
                try await merging.query("BEGIN", logger: db.logger)
                try await merging.query("LOCK TABLE transactions IN ROW EXCLUSIVE MODE", logger: db.logger)
                try await db.client.withConnection { other in
                    try await other.query("SET lock_timeout = '5s'", logger: db.logger)
                    let name = try await other.query(
                        "SELECT ensure_transactions_partition('2025-07-15')", logger: db.logger
                    ).collect().first!.decode(String.self)
                    #expect(name == "transactions_y2025m07")
                }
                try await merging.query("ROLLBACK", logger: db.logger)
            }
            let partitions = try await db.client.query(
                """
                SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'transactions'::regclass
                """
            ).collect().map { try $0.decode((String, String).self) }
            #expect(partitions.count == 1)
            #expect(partitions.first?.1 == "FOR VALUES FROM ('2025-07-01') TO ('2025-08-01')")
            // The same constraints as a partition made with PARTITION OF: inherited, not local.
            let constraints = try await db.client.query(
                """
                SELECT contype::text, conislocal FROM pg_constraint
                WHERE conrelid = 'transactions_y2025m07'::regclass ORDER BY conname
                """
            ).collect().map { try $0.decode((String, Bool).self) }
            #expect(constraints.map(\.0).sorted() == ["c", "c", "u"])
            #expect(constraints.allSatisfy { !$0.1 })
            // Made again, it is the same one.
            let again = try await db.client.query("SELECT ensure_transactions_partition('2025-07-01')").collect()
            #expect(try again.first!.decode(String.self) == "transactions_y2025m07")
        }
    }
}
