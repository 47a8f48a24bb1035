import Foundation
import FundChainCore
import FundChainStore
import FundChainSynthetic
import FundChainTestSupport
import Testing

/// `fundchain build` end to end on a generated region: real ingest, real PostgreSQL.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct BuildJobTests {
    static let root = repoRoot

    static func expertCard() throws -> BuildJob.Model { try TestModel.expertCard() }

    /// Ingests `firms` × 12 months generated with `seed`; returns the generated directory (shared:
    /// read it, do not change it).
    static func loadRegion(_ database: Database, firms: Int, seed: UInt64) async throws -> String {
        try await GeneratedRegion.ingest(into: database, firms: firms, seed: seed)
    }

    @Test(arguments: [UInt64(5)])
    func scoresSeparateTheGeneratorsDefaulters(seed: UInt64) async throws {
        try await withTestDatabase { database in
            let directory = try await Self.loadRegion(database, firms: 1_500, seed: seed)
            let job = BuildJob(database: database, model: try Self.expertCard())
            let report = try await job.run(.init(parallelism: 2, writeSnapshots: false))
            #expect(report.firms == 1_500)
            #expect(report.window.description == "2024-12…2025-11 (12 months)")

            let outcomes = try String(contentsOfFile: "\(directory)/outcomes.csv", encoding: .utf8)
            var defaulted: [String: Bool] = [:]
            for line in outcomes.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ",")
                defaulted[String(fields[0])] = fields[1] == "1"
            }
            var scores: [Double] = []
            var bad: [Bool] = []
            for (firm, score) in zip(report.table.firms, report.scores) {
                guard let outcome = defaulted[firm.uscc.code] else { continue }
                scores.append(Double(score.points))  // higher is safer, as ModelMetrics.auc expects
                bad.append(outcome)
            }
            #expect(scores.count >= 1_490)
            let auc = ModelMetrics.auc(scores: scores, isBad: bad)
            // About 70 defaulters among 1,500 firms: the benchmark reports the 100k-firm AUC.
            #expect(auc >= 0.65, "AUC \(auc)")

            // The same input gives the same profiles, scores and fingerprints.
            let again = try await job.run(.init(parallelism: 1, writeSnapshots: false))
            #expect(again.scores == report.scores)
            #expect(again.fingerprints == report.fingerprints)
            for firm in stride(from: 0, to: report.firms, by: 97) {
                #expect(again.table.features(of: firm) == report.table.features(of: firm))
            }

            // Written: one snapshot per firm, each of which re-scores to exactly what was stored.
            let first = try await job.run(.init(parallelism: 2))
            #expect(first.scores == report.scores)
            let store = SnapshotStore(database: database)
            let batch = try #require(first.batch)
            let stored = try await store.snapshots(batch: batch.id)
            #expect(stored.count == 1_500 && batch.firmCount == 1_500)
            let model = try #require(try await store.model(sha256: batch.modelSHA256))
            let card = try Scorecard.load(yaml: model.body)
            for (firm, snapshot) in stored.enumerated() {
                #expect(snapshot.uscc == report.table.firms[firm].uscc.code)
                #expect(snapshot.inputFingerprint == report.fingerprints[firm])
                let body = try SnapshotBody(parsing: snapshot.body)
                #expect(body.canonicalBytes() == snapshot.body, "the typed body writes back the stored bytes")
                let rescored = card.score(body.features)
                #expect(
                    rescored.points == snapshot.score && rescored.pd == snapshot.pd && rescored.grade == snapshot.grade)
                #expect(body.reasons.map(\.code) == rescored.reasons.map(\.code))
                #expect(body.products == nil, "no catalog is loaded, so no matches are stored")
                #expect(snapshot.prevHash == nil)
            }

            // The next build chains every firm to its previous snapshot and weighs neighbours' PDs.
            let second = try await job.run(.init(parallelism: 2))
            let next = try await store.snapshots(batch: try #require(second.batch).id)
            #expect(zip(stored, next).allSatisfy { $0.hash == $1.prevHash })
            let column = ProfileCatalog.column["neighbour_risk"]!
            let withRisk = (0..<second.firms).filter { second.table.value(firm: $0, column: column) != .missing }.count
            #expect(withRisk > 1_000, "\(withRisk) firms with a neighbour risk")
        }
    }
}
