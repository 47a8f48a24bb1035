import FundChainCore
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// Schema version 16 moves the flows with the outside world out of `flow_edges` (rows from or to
/// 'outside') into `firm_month`'s outside counts, keys both tables month first, and leads the
/// key of `transactions` with the reference.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct AggregateMigrationTests {
    static let a = USCC.withCheckCharacter(body: "91500103MA5U000A1")!.code
    static let b = USCC.withCheckCharacter(body: "91500103MA5U000B2")!.code

    /// Both tables as version 15 made them, with one firm-to-firm edge and both kinds of outside
    /// edge; migrating keeps every total, moves the outside counts, and the graph's reader gives
    /// the edges the reader of version 15 gave.
    @Test func outsideEdgesOfVersion15BecomeFirmMonthCounts() async throws {
        try await withTestDatabase { db in
            let (a, b) = (Self.a, Self.b)
            try await db.client.query("DROP TABLE flow_edges, firm_month")
            try await db.client.query(
                """
                CREATE TABLE flow_edges (month date NOT NULL, payer_firm text NOT NULL, payee_firm text NOT NULL,
                    amount bigint NOT NULL, txn_count integer NOT NULL, PRIMARY KEY (payer_firm, month, payee_firm))
                """)
            try await db.client.query("CREATE INDEX flow_edges_month_idx ON flow_edges (month)")
            try await db.client.query(
                """
                CREATE TABLE firm_month (month date NOT NULL, firm char(18) NOT NULL, inflow bigint NOT NULL DEFAULT 0,
                    outflow bigint NOT NULL DEFAULT 0, inflow_outside bigint NOT NULL DEFAULT 0,
                    outflow_outside bigint NOT NULL DEFAULT 0, credit_count integer NOT NULL DEFAULT 0,
                    debit_count integer NOT NULL DEFAULT 0, inflow_days integer NOT NULL DEFAULT 0,
                    outflow_days integer NOT NULL DEFAULT 0, PRIMARY KEY (firm, month))
                """)
            try await db.client.query("CREATE INDEX firm_month_month_idx ON firm_month (month)")
            try await db.client.query(
                """
                INSERT INTO firm_month VALUES
                  ('2025-01-01', \(a), 900, 100, 900, 0, 3, 1, 7, 1),
                  ('2025-01-01', \(b), 100, 40, 0, 40, 1, 2, 1, 3)
                """)
            try await db.client.query(
                """
                INSERT INTO flow_edges VALUES
                  ('2025-01-01', \(a), \(b), 100, 1),
                  ('2025-01-01', 'outside', \(a), 900, 3),
                  ('2025-01-01', \(b), 'outside', 40, 2)
                """)
            let january = try CalendarDate(parsing: "2025-01-01").monthIndex
            func graph() async throws -> [String] {
                try await FlowEdgeStore.flows(db, months: january...january).map {
                    "\($0.sourceKey)|\($0.targetKey)|\($0.amountFen)|\($0.txnCount)"
                }.sorted()
            }
            // The edges version 15's reader read (all of flow_edges).
            let before = ["\(a)|\(b)|100|1", "\(b)|outside|40|2", "outside|\(a)|900|3"]
            try await db.client.query("DELETE FROM schema_migrations")
            _ = try await Migrator().migrate(db)

            #expect(try await graph() == before)
            let edges = try await db.client.query("SELECT payer_firm || '|' || payee_firm FROM flow_edges")
                .collect().map { try $0.decode(String.self) }
            #expect(edges == ["\(a)|\(b)"])
            let counts = try await db.client.query(
                "SELECT firm::text || '|' || credit_count_outside || '|' || debit_count_outside FROM firm_month ORDER BY 1"
            ).collect().map { try $0.decode(String.self) }
            #expect(counts == ["\(a)|3|0", "\(b)|0|2"])
            let keys = try await db.client.query(
                """
                SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid IN ('flow_edges'::regclass, 'firm_month'::regclass) AND contype = 'p' ORDER BY 1
                """
            ).collect().map { try $0.decode(String.self) }
            #expect(
                keys == [
                    "firm_month PRIMARY KEY (month, firm)", "flow_edges PRIMARY KEY (month, payer_firm, payee_firm)",
                ])
            let indexes = try await db.client.query(
                "SELECT indexname FROM pg_indexes WHERE tablename IN ('flow_edges', 'firm_month') ORDER BY 1"
            ).collect().map { try $0.decode(String.self) }
            #expect(indexes == ["firm_month_pkey", "flow_edges_pkey"])
            // And again: nothing left to move, nothing changes.
            try await db.client.query("DELETE FROM schema_migrations")
            _ = try await Migrator().migrate(db)
            #expect(try await graph() == before)
        }
    }

    /// The key of version 15, (bank_code, txn_ref, booked_at, firm), becomes (txn_ref, bank_code,
    /// booked_at, firm) on the table and its partitions; the entries stay, and still are unique.
    @Test func theEntryKeyOfVersion15IsReordered() async throws {
        try await withTestDatabase { db in
            try await db.client.query("ALTER TABLE transactions DROP CONSTRAINT transactions_entry_key")
            try await db.client.query(
                """
                ALTER TABLE transactions ADD CONSTRAINT transactions_bank_code_txn_ref_booked_at_firm_key
                    UNIQUE (bank_code, txn_ref, booked_at, firm)
                """)
            try await db.client.query("SELECT ensure_transactions_partition('2025-01-15')")
            try await db.client.query(
                """
                INSERT INTO transactions (firm, bank_code, account_no, txn_ref, booked_at, direction, amount, currency,
                                          run_id)
                VALUES (\(Self.a), 'ICBC', '6222000000000001', 'R1', '2025-01-15', 'D', 100, 'CNY', 1)
                """)
            try await db.client.query("DELETE FROM schema_migrations")
            _ = try await Migrator().migrate(db)
            let keys = try await db.client.query(
                """
                SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid IN ('transactions'::regclass, 'transactions_y2025m01'::regclass) AND contype = 'u'
                ORDER BY 1
                """
            ).collect().map { try $0.decode(String.self) }
            #expect(
                keys == [
                    "transactions UNIQUE (txn_ref, bank_code, booked_at, firm)",
                    "transactions_y2025m01 UNIQUE (txn_ref, bank_code, booked_at, firm)",
                ])
            let partitionIndexes = try await db.client.query(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'transactions_y2025m01'"
            ).collect().map { try $0.decode(String.self) }
            #expect(partitionIndexes.count == 1)
            #expect(partitionIndexes.first?.contains("(txn_ref, bank_code, booked_at, firm)") == true)
            #expect(try await db.client.query("SELECT count(*) FROM transactions").collect()[0].decode(Int.self) == 1)
            try await db.client.query(
                """
                INSERT INTO transactions (firm, bank_code, account_no, txn_ref, booked_at, direction, amount, currency,
                                          run_id)
                VALUES (\(Self.a), 'ICBC', '6222000000000001', 'R1', '2025-01-15', 'D', 100, 'CNY', 2)
                ON CONFLICT DO NOTHING
                """)
            #expect(try await db.client.query("SELECT count(*) FROM transactions").collect()[0].decode(Int.self) == 1)
        }
    }
}
