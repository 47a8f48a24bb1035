import PostgresNIO

/// What the database holds: the figures `fundchain demo` prints after loading.
public struct LoadSummary: Sendable {
    public struct Group: Sendable {
        /// District code or industry division.
        public var code: String
        public var firms: Int
        /// Total inflow in fen over all months.
        public var inflow: Int64
    }

    public var firms = 0
    public var coreFirms = 0
    public var accounts = 0
    public var entries = 0
    public var firstMonth: String?
    public var lastMonth: String?
    public var flowEdges = 0
    /// Fen moved between covered firms (self-loops excluded), in from and out to the outside world.
    public var firmToFirm: Int64 = 0
    public var fromOutside: Int64 = 0
    public var toOutside: Int64 = 0
    /// What covered firms received from other covered firms, from their own (credit) entries;
    /// equal to `firmToFirm` (from the debits) when every transfer has both sides in the data.
    public var creditsFromCoveredFirms: Int64 = 0
    public var rejectsByReason: [(reason: String, rows: Int)] = []
    public var topDistricts: [Group] = []
    public var topIndustries: [Group] = []

    public static func load(_ database: Database) async throws -> LoadSummary {
        let client = database.client
        let logger = database.logger
        var s = LoadSummary()
        (s.firms, s.coreFirms, s.accounts) = try await client.query(
            "SELECT (SELECT count(*) FROM firms), (SELECT count(*) FROM firms WHERE is_core), (SELECT count(*) FROM accounts)",
            logger: logger
        ).collect().first!.decode((Int, Int, Int).self)
        // Edges as `fundchain graph` sees them: between covered firms, and from and to the
        // outside world (firm_month's outside totals).
        (s.entries, s.flowEdges, s.firstMonth, s.lastMonth) = try await client.query(
            """
            SELECT (SELECT count(*) FROM transactions),
                   (SELECT count(*) FROM flow_edges)
                       + (SELECT count(*) FILTER (WHERE credit_count_outside > 0)
                                 + count(*) FILTER (WHERE debit_count_outside > 0) FROM firm_month),
                   (SELECT min(month)::text FROM firm_month), (SELECT max(month)::text FROM firm_month)
            """, logger: logger
        ).collect().first!.decode((Int, Int, String?, String?).self)
        (s.firmToFirm, s.fromOutside, s.toOutside) = try await client.query(
            """
            SELECT (SELECT coalesce(sum(amount) FILTER (WHERE payer_firm <> payee_firm), 0)::int8 FROM flow_edges),
                   coalesce(sum(inflow_outside), 0)::int8, coalesce(sum(outflow_outside), 0)::int8
            FROM firm_month
            """, logger: logger
        ).collect().first!.decode((Int64, Int64, Int64).self)
        // Both sides of covered transfers, totalled from each side: the debits (flow_edges between
        // two firms) and the credits the payees saw from covered firms (firm_month). They differ
        // by the transfers whose other side is missing from the data.
        s.creditsFromCoveredFirms = try await client.query(
            "SELECT coalesce(sum(inflow - inflow_outside), 0)::int8 FROM firm_month", logger: logger
        ).collect().first!.decode(Int64.self)
        s.rejectsByReason = try await client.query(
            "SELECT reason, count(*) FROM ingest_rejects GROUP BY reason ORDER BY 2 DESC, 1", logger: logger
        ).collect().map { try $0.decode((String, Int).self) }.map { (reason: $0.0, rows: $0.1) }
        s.topDistricts = try await groups(
            "SELECT substr(f.region, 1, 6), count(DISTINCT f.uscc), coalesce(sum(m.inflow), 0)::int8 FROM firms f LEFT JOIN firm_month m ON m.firm = f.uscc GROUP BY 1 ORDER BY 3 DESC LIMIT 5",
            database)
        s.topIndustries = try await groups(
            "SELECT substr(f.industry, 1, 3), count(DISTINCT f.uscc), coalesce(sum(m.inflow), 0)::int8 FROM firms f LEFT JOIN firm_month m ON m.firm = f.uscc GROUP BY 1 ORDER BY 3 DESC LIMIT 5",
            database)
        return s
    }

    static func groups(_ sql: StaticString, _ database: Database) async throws -> [Group] {
        try await database.client.query(PostgresQuery(unsafeSQL: "\(sql)"), logger: database.logger).collect().map {
            let (code, firms, inflow) = try $0.decode((String, Int, Int64).self)
            return Group(code: code, firms: firms, inflow: inflow)
        }
    }
}
