import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// The review loop with the built binary, on a generated region scored at two dates:
/// `report backtest`, `model fit --from-batch` and `model validate --batch`, each checked against
/// an independent computation: the population, the defaults and the AUC straight from SQL over
/// `snapshots` and `credit_events` (not through `DefaultDefinition` or `Backtest`), and the card's
/// scores from the snapshot bodies parsed as JSON (not through `SnapshotBodyReader`).
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ModelLoopCLITests {
    @Test func backtestFitAndOutOfTimeValidation() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        let region = try await GeneratedRegion.directory(firms: 400, months: 30, seed: 7)
        try await withTestDatabase { database in
            let url = database.configuration.url()
            func run(_ arguments: [String]) throws -> String {
                let result = try CLIRun.run(arguments + ["--database", url])
                #expect(result.status == 0, "\(arguments): \(result)")
                return result.stdout
            }
            for kind in ["firms", "accounts", "transactions"] {
                _ = try run(["ingest", kind, "\(region)/\(kind).csv"])
            }
            _ = try run(["events", "import", "\(region)/credit_events.csv"])
            _ = try run(["build", "--as-of", "2024-05-31"])
            _ = try run(["build", "--as-of", "2024-11-30"])

            // The batch's own backtest against SQL.
            let backtest = try Self.json(try run(["report", "backtest", "--batch", "1", "--format", "json"]))
            let truth1 = try await Self.population(database, batch: 1)
            #expect(backtest["firms"] as? Int == truth1.count)
            #expect(backtest["defaults"] as? Int == truth1.count { $0.bad })
            #expect(truth1.count { $0.bad } >= 5, "too few defaults for the test to mean anything")
            let auc1 = try #require(backtest["auc"] as? Double)
            #expect(abs(auc1 - (try await Self.sqlAUC(database, batch: 1))) <= 0.5e-4 + 1e-12)  // JSON gives 4 decimals

            // A card fitted on batch 1: its training record and its grades.
            let cardPath = files.directory + "/sme-cashflow-v9.yaml"
            let fit = try run(["model", "fit", "--from-batch", "1", "--out", cardPath])
            #expect(fit.contains("IV table") && fit.contains("↑ safer"), "\(fit)")
            let card = try Scorecard.load(yaml: String(contentsOfFile: cardPath, encoding: .utf8))
            #expect(card.id == "sme-cashflow" && card.version == "9")
            let training = try #require(card.training)
            #expect(training.batch == 1 && training.asOf == "2024-05-31" && training.horizonMonths == 12)
            #expect(training.firms == truth1.count && training.defaults == truth1.count { $0.bad })
            #expect(training.alreadyInDefault == (try await Self.alreadyInDefault(database, batch: 1)))
            #expect(training.eventsInHorizon == (try await Self.eventsInHorizon(database, batch: 1)))
            #expect(card.grades == MasterScale.fundchain.gradeBands(for: card.scaling))
            for feature in card.features where feature.kind == .numeric {
                guard let direction = ProfileCatalog.directions[feature.name] else { continue }
                let points = feature.bins.filter { !$0.missing }.map(\.points)
                let rising = zip(points, points.dropFirst()).allSatisfy { $0 <= $1 }
                let falling = zip(points, points.dropFirst()).allSatisfy { $0 >= $1 }
                #expect(direction == .higherIsSafer ? rising : falling, "\(feature.name) \(direction): \(points)")
            }

            // Out of time on batch 2, beside the batch's own model.
            let validation = try Self.json(
                try run(["model", "validate", "--model", cardPath, "--batch", "2", "--format", "json"]))
            let facts = try #require(validation["facts"] as? [String: String])
            #expect(facts["sample"] == "out of time (fitted on batch 1)", "\(facts)")
            let models = try #require(validation["models"] as? [[String: Any]])
            let truth2 = try await Self.population(database, batch: 2)
            let batchModelAUC = try #require(
                models.first { $0["role"] as? String == "the batch's model" }?["auc"] as? Double)
            #expect(abs(batchModelAUC - (try await Self.sqlAUC(database, batch: 2))) <= 0.5e-4 + 1e-12)
            let cardAUC = try #require(models.first { $0["role"] as? String == "validated card" }?["auc"] as? Double)
            let scores = try await Self.cardScores(database, batch: 2, card: card)
            let labelled = truth2.map { (score: Double(scores[$0.uscc]!), bad: $0.bad) }
            #expect(abs(cardAUC - Self.pairwiseAUC(labelled)) <= 0.5e-4 + 1e-12)
            #expect(validation["firms"] as? Int == truth2.count)
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The SQL that states the population and the defaults: firms of the batch with no default
    /// event on or before its as-of date; bad when the first one falls in the 12 months after it.
    static let populationSQL = """
        WITH first_default AS (
            SELECT uscc, min(event_date) AS day FROM credit_events
            WHERE event IN ('default', 'overdue_90', 'written_off') GROUP BY uscc)
        SELECT s.uscc::text AS uscc, s.pd AS pd, s.score AS score,
               coalesce(d.day > s.as_of AND d.day <= (s.as_of + interval '12 months')::date, false) AS bad
        FROM snapshots s LEFT JOIN first_default d ON d.uscc = s.uscc
        WHERE s.batch_id = $1 AND (d.day IS NULL OR d.day > s.as_of)
        """

    struct Member { var uscc: String; var pd: Double; var bad: Bool }

    static func population(_ database: Database, batch: Int64) async throws -> [Member] {
        var members: [Member] = []
        let rows = try await database.client.query(
            PostgresQuery(unsafeSQL: populationSQL, binds: binds(batch)), logger: database.logger)
        for try await (uscc, pd, _, bad) in rows.decode((String, Double, Int, Bool).self) {
            members.append(Member(uscc: uscc, pd: pd, bad: bad))
        }
        return members
    }

    /// P(a defaulter's PD > a non-defaulter's), ties ½, as one SQL aggregate over all pairs.
    static func sqlAUC(_ database: Database, batch: Int64) async throws -> Double {
        let sql = """
            WITH p AS (\(populationSQL))
            SELECT (sum(CASE WHEN b.pd > g.pd THEN 1.0 WHEN b.pd = g.pd THEN 0.5 ELSE 0 END) / count(*))::float8
            FROM p b JOIN p g ON b.bad AND NOT g.bad
            """
        let rows = try await database.client.query(
            PostgresQuery(unsafeSQL: sql, binds: binds(batch)), logger: database.logger)
        for try await auc in rows.decode(Double.self) { return auc }
        throw StoreError(.notFound, "no AUC")
    }

    static func alreadyInDefault(_ database: Database, batch: Int64) async throws -> Int {
        let rows = try await database.client.query(
            """
            SELECT count(*)::int FROM snapshots s
            WHERE s.batch_id = \(batch) AND EXISTS (
                SELECT 1 FROM credit_events e WHERE e.uscc = s.uscc
                  AND e.event IN ('default', 'overdue_90', 'written_off') AND e.event_date <= s.as_of)
            """, logger: database.logger)
        for try await n in rows.decode(Int.self) { return n }
        return -1
    }

    static func eventsInHorizon(_ database: Database, batch: Int64) async throws -> [String: Int] {
        let sql = """
            WITH p AS (\(populationSQL))
            SELECT k.kind, count(e.id)::int
            FROM unnest(ARRAY['default', 'overdue_90', 'restructured', 'written_off']) AS k (kind)
            LEFT JOIN (credit_events e JOIN p ON p.uscc = e.uscc JOIN snapshot_batches b ON b.id = $1)
              ON e.event = k.kind AND e.event_date > b.as_of AND e.event_date <= (b.as_of + interval '12 months')::date
            GROUP BY k.kind
            """
        var counts: [String: Int] = [:]
        let rows = try await database.client.query(
            PostgresQuery(unsafeSQL: sql, binds: binds(batch)), logger: database.logger)
        for try await (kind, n) in rows.decode((String, Int).self) { counts[kind] = n }
        return counts
    }

    /// The card's points for every firm of the batch, from the bodies' `features` read as JSON.
    static func cardScores(_ database: Database, batch: Int64, card: Scorecard) async throws -> [String: Int] {
        var scores: [String: Int] = [:]
        let rows = try await database.client.query(
            "SELECT uscc::text, body FROM snapshots WHERE batch_id = \(batch)", logger: database.logger)
        for try await (uscc, body) in rows.decode((String, String).self) {
            let features = try #require(try JSONValue(parsing: Array(body.utf8))["features"])
            var vector = FeatureVector()
            for feature in card.features {
                if let x = features[feature.name]?.doubleValue {
                    vector[feature.name] = .number(x)
                } else if let text = features[feature.name]?.stringValue {
                    vector[feature.name] = .category(text)
                }
            }
            scores[uscc] = card.score(vector).points
        }
        return scores
    }

    /// AUC by its definition over all pairs: a higher score should mean a non-defaulter.
    static func pairwiseAUC(_ rows: [(score: Double, bad: Bool)]) -> Double {
        var total = 0.0, pairs = 0.0
        for b in rows where b.bad {
            for g in rows where !g.bad {
                total += g.score > b.score ? 1 : g.score == b.score ? 0.5 : 0
                pairs += 1
            }
        }
        return total / pairs
    }

    static func binds(_ batch: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(batch)
        return binds
    }
}
