import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// `fundchain report warnings`' outcome section end to end with the built binary on a generated
/// region (300 firms, 30 months, seed 11; credit events after the statements): two builds, the
/// report before and after the events are imported, and every figure checked against SQL written
/// here over `warnings`, `snapshots`, `firms` and `credit_events` (the default definition and the
/// population rule restated in SQL, not through the code under test).
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct WarningOutcomesCLITests {
    /// (batch, kind or "all") → (warned, defaulted), and batch → (firms, defaulted), by SQL.
    struct Expected {
        var warned: [String: (warned: Int, defaulted: Int)] = [:]
        var base: [Int64: (firms: Int, defaulted: Int)] = [:]
    }

    /// The outcome figures for a 12-month horizon, for firms whose town code starts with `region`
    /// and whose industry class starts with `industry`. (PostgreSQL's `+ interval '12 months'`
    /// ends the horizon where `DefaultDefinition.horizonEnd` does for these as-of dates, 05-31 and
    /// 11-30; it differs only where a month end moves to a longer month.)
    static func expected(_ db: Database, region: String = "", industry: String = "") async throws -> Expected {
        let rows = try await db.client.query(
            """
            WITH first_default AS (
                SELECT uscc, min(event_date) AS day FROM credit_events
                WHERE event IN ('default', 'overdue_90', 'written_off') GROUP BY uscc),
            population AS (
                SELECT s.batch_id, s.uscc,
                       coalesce(d.day > b.as_of AND d.day <= (b.as_of + interval '12 months')::date, false) AS defaulted
                FROM snapshots s JOIN snapshot_batches b ON b.id = s.batch_id JOIN firms f ON f.uscc = s.uscc
                LEFT JOIN first_default d ON d.uscc = s.uscc
                WHERE s.batch_id IN (SELECT batch_id FROM warnings) AND (d.day IS NULL OR d.day > b.as_of)
                  AND f.region::text LIKE \(region + "%") AND f.industry LIKE \(industry + "%"))
            SELECT p.batch_id, coalesce(w.kind, 'all'), count(DISTINCT p.uscc), count(DISTINCT p.uscc) FILTER (WHERE p.defaulted)
            FROM population p JOIN warnings w ON w.batch_id = p.batch_id AND w.uscc = p.uscc
            GROUP BY GROUPING SETS ((p.batch_id, w.kind), (p.batch_id))
            UNION ALL
            SELECT batch_id, 'population', count(*), count(*) FILTER (WHERE defaulted) FROM population GROUP BY batch_id
            """)
        var out = Expected()
        for try await (batch, kind, n, d) in rows.decode((Int64, String, Int, Int).self) {
            if kind == "population" { out.base[batch] = (n, d) } else { out.warned["\(batch) \(kind)"] = (n, d) }
        }
        return out
    }

    /// Checks the report's `outcomes` rows against `expected`; returns them as lines for people.
    static func check(_ rows: [JSONValue], _ expected: Expected, _ label: String) -> [String] {
        #expect(Set(rows.compactMap { $0["batch"]?.int64Value }) == Set(expected.base.keys), "\(label): builds")
        for key in expected.warned.keys {
            #expect(
                rows.contains { "\($0["batch"]?.intValue ?? 0) \($0["kind"]?.stringValue ?? "")" == key },
                "\(label): \(key)")
        }
        var lines: [String] = []
        for row in rows {
            let batch = row["batch"]?.int64Value ?? -1
            let kind = row["kind"]?.stringValue ?? "?"
            let (warned, defaulted) = expected.warned["\(batch) \(kind)"] ?? (0, 0)
            let (firms, firmsDefaulted) = expected.base[batch] ?? (0, 0)
            #expect(row["observed_months"]?.intValue == 12, "\(label) \(batch) \(kind): both horizons have passed")
            #expect(
                row["warned"]?.intValue == warned && row["defaulted"]?.intValue == defaulted,
                "\(label) \(batch) \(kind): \(row)")
            #expect(
                row["firms"]?.intValue == firms && row["firms_defaulted"]?.intValue == firmsDefaulted,
                "\(label) \(batch)")
            let hit = warned > 0 ? Double(defaulted) / Double(warned) : nil
            let base = firms > 0 ? Double(firmsDefaulted) / Double(firms) : nil
            let lift = hit.flatMap { h in base.flatMap { $0 > 0 ? h / $0 : nil } }
            for (key, value, digits) in [("hit_rate", hit, 6), ("base_rate", base, 6), ("lift", lift, 4)] {
                if let value {
                    let got = row[key]?.doubleValue ?? .nan
                    #expect(
                        abs(got - value) <= 0.5 * pow(10, -Double(digits)) + 1e-12,
                        "\(label) \(batch) \(kind) \(key): \(got) vs \(value)")
                } else {
                    #expect(row[key] == .null, "\(label) \(batch) \(kind) \(key)")
                }
            }
            if let hit, let low = row["hit_low"]?.doubleValue, let high = row["hit_high"]?.doubleValue {
                #expect(
                    low <= hit && hit <= high && (defaulted > 0 || low == 0) && (defaulted < warned || high == 1),
                    "\(label)")
            } else {
                #expect(hit == nil && row["hit_low"] == .null && row["hit_high"] == .null, "\(label) \(batch) \(kind)")
            }
            lines.append(
                "\(label) build \(batch) \(kind): warned \(warned), defaulted \(defaulted), hit \(hit.map { String($0) } ?? "-"), "
                    + "base \(firmsDefaulted)/\(firms) = \(base.map { String($0) } ?? "-"), lift \(lift.map { String($0) } ?? "-")"
            )
        }
        return lines
    }

    @Test func outcomesAgreeWithSQLOverTheDatabase() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let url = database.configuration.url()
            let dir = files.directory + "/region"
            func run(_ arguments: [String], database: Bool = true) throws -> ProcessRunner.Result {
                let result = try CLIRun.run(arguments + (database ? ["--database", url] : []))
                #expect(result.status == 0, "\(arguments): \(result)")
                return result
            }
            func outcomes(_ filters: [String] = []) throws -> (rows: [JSONValue], note: String?) {
                let json = try JSONValue(
                    parsing: Array(try run(["report", "warnings", "--format", "json"] + filters).stdout.utf8))
                let section = json["sections"]?.arrayValue?.first { $0["key"]?.stringValue == "outcomes" }
                return (json["outcomes"]?.arrayValue ?? [], section?["note"]?.stringValue)
            }
            _ = try run(
                ["generate", "--firms", "300", "--months", "30", "--seed", "11", "--out", dir], database: false)
            for kind in ["firms", "accounts", "transactions"] { _ = try run(["ingest", kind, dir + "/\(kind).csv"]) }
            // Signed with a key of the test's own and published into its directory, never $FUNDCHAIN_HOME's.
            _ = try run(["keys", "generate", "--out", files.directory + "/keys"], database: false)
            var summaries: [String] = []
            for asOf in ["2024-05-31", "2024-11-30"] {
                summaries.append(
                    try run([
                        "build", "--as-of", asOf, "--signing-key", files.directory + "/keys/signing.key",
                        "--checkpoints", files.directory + "/published",
                    ]).stdout)
            }
            // Each build raised its warnings (the first has none to raise); the report only reads them.
            #expect(summaries[0].contains("Warnings: batch 1 is the first"), "\(summaries[0])")
            #expect(
                summaries[1].contains("Warnings: batch 2 against batch 1 (score drop > 30 points): "),
                "\(summaries[1])")

            let before = try outcomes()
            #expect(
                before.rows.isEmpty && before.note?.hasPrefix("No credit events have been imported") == true,
                "\(before)")

            _ = try run(["events", "import", dir + "/credit_events.csv"])
            let all = try outcomes()
            let expected = try await Self.expected(database)
            #expect(expected.base.keys.sorted() == [2], "only the second build raised warnings")
            #expect(
                expected.warned["2 all"].map { $0.warned > 0 && $0.defaulted > 0 } == true,
                "warned firms that defaulted")
            #expect(all.rows.count == 5, "four kinds and all")
            var lines = Self.check(all.rows, expected, "whole region")

            // The filters apply to warned firms and the population alike: the district and the
            // industry section with the most warned firms that defaulted within the horizon (so
            // that hit rates other than 0 are compared).
            func most(_ code: String) async throws -> String {
                try await database.client.query(
                    """
                    SELECT \(unescaped: code) FROM warnings w JOIN firms f ON f.uscc = w.uscc
                    JOIN snapshot_batches b ON b.id = w.batch_id
                    JOIN (SELECT uscc, min(event_date) AS day FROM credit_events WHERE event <> 'restructured' GROUP BY uscc) d
                      ON d.uscc = w.uscc AND d.day > b.as_of AND d.day <= (b.as_of + interval '12 months')::date
                    GROUP BY 1 ORDER BY count(DISTINCT w.uscc) DESC, 1 LIMIT 1
                    """
                ).collect()[0].decode(String.self)
            }
            for (option, code, region, industry) in [
                ("--region", try await most("left(f.region, 6)"), true, false),
                ("--industry", try await most("left(f.industry, 1)"), false, true),
            ] {
                let scoped = try await Self.expected(
                    database, region: region ? code : "", industry: industry ? code : "")
                let label = "\(option) \(code)"
                #expect(
                    scoped.warned["2 all"].map { $0.defaulted > 0 } == true, "\(label): warned firms that defaulted")
                #expect(
                    scoped.base[2].map { $0.firms < expected.base[2]?.firms ?? 0 } == true,
                    "\(label): a part of the region")
                lines += Self.check(try outcomes([option, code]).rows, scoped, label)
            }
            print(lines.joined(separator: "\n"))

            // The analyst's role reads all the outcome section reads (schema: SELECT on credit_events).
            let owner = (
                try await WarningStore(database: database).raisingBuilds(upTo: 2),
                try await WarningStore(database: database).raised(upTo: 2).count
            )
            let analyst = try await TestRole.asMember(of: .analyst, database) { db in
                (
                    try await WarningStore(database: db).raisingBuilds(upTo: 2),
                    try await WarningStore(database: db).raised(upTo: 2).count,
                    try await CreditEventStore(database: db).events().count
                )
            }
            #expect(analyst.0 == owner.0 && analyst.1 == owner.1 && analyst.2 > 0)
            #expect(owner.0.map(\.firms.count) == [300])
        }
    }
}
