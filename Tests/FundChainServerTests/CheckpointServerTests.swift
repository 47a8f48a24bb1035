import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import HummingbirdTesting
import PostgresNIO
import Testing

@testable import FundChainServer

/// `serve` with a checkpoint public key (docs/security.md, "Signed checkpoints"): a batch
/// appended behind FundChain's back, with correct hashes and Merkle root but no signed
/// checkpoint, is not served. The server stays on the previous good batch, or answers 503 when
/// it has none, and counts the refusal.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct CheckpointServerTests {
    static let refused = #"fundchain_reloads_total{outcome="refused"} 1"#

    @Test(arguments: [UInt64(21)])
    func forgedBatchIsRefused(seed: UInt64) async throws {
        try await Region.with(firms: 60, seed: seed) { region in
            // Batch 1 (the region's) is unsigned; batch 2 is signed.
            let key = CheckpointSigningKey.generate()
            try await Self.signedBuild(region.database, key: key)
            let monitor = try await region.key(client: "monitor", scopes: ["metrics"]).text
            let auditor = try await region.key(client: "auditor", scopes: ["snapshot"]).text
            try await region.grant(region.firms, purposes: [.profile]) { _ in "H" }
            try await region.withServer(configure: { $0.publicKeys = [key.publicKey] }) { client in
                try await client.waitUntilReady(batch: 2)
                try await Self.forgeBatch(region.database, copying: 2)
                try await client.waitForMetric(Self.refused, key: monitor)
                let ready = try await client.execute(.get, "/readyz").json()
                #expect(ready["batch_id"]?.int64Value == 2 && ready["ready"]?.boolValue == true)
                let metrics = String(buffer: try await client.execute(.get, "/metrics", key: monitor).body)
                #expect(metrics.contains("fundchain_snapshot_batch_id 2"))
                // Nor is a forged row served by id. While the forgery is the latest batch, the
                // served batch's rows are not either (the service reads the latest batch's only):
                // scores and profiles keep coming from memory; stored snapshots wait for a good build.
                let store = SnapshotStore(database: region.database)
                for batch in [Int64(3), 2] {
                    let snapshot = try #require(try await store.snapshots(batch: batch).first)
                    try await client.execute(.get, "/v1/snapshots/\(snapshot.id)?consent_ref=H", key: auditor)
                        .expectProblem("snapshot-not-found", 404)
                }
            }
            // A server starting on the forged batch has nothing good to serve: 503.
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.publicKeys = [key.publicKey]
            let server = ScoringServer(
                database: region.database, configuration: configuration, logger: TestCluster.logger)
            try await server.makeApplication().test(.router) { client in
                try await client.waitForMetric(Self.refused, key: monitor)
                let ready = try await client.execute(.get, "/readyz")
                #expect(ready.status == .serviceUnavailable)
                #expect(try ready.json()["ready"]?.boolValue == false)
            }
            // Without a key it would serve the forgery: the check is what refuses it.
            try await region.withServer { client in try await client.waitUntilReady(batch: 3) }
        }
    }

    static func signedBuild(_ database: Database, key: CheckpointSigningKey) async throws {
        let yaml = try String(
            contentsOf: repoRoot.appendingPathComponent("scoring-models/sme-cashflow-v1.yaml"), encoding: .utf8)
        let report = try await BuildJob(database: database, model: try BuildJob.Model(yaml: yaml))
            .run(.init(parallelism: 2, signer: CheckpointSigner(key: key, directory: nil)))
        #expect(report.checkpoint?.checkpoint.batchID == report.batch?.id)
    }

    /// Batch `source`'s rows appended again as a new batch, chained to them, hashed by
    /// PostgreSQL's own sha256() (docs/snapshots.md: sha256(prev_hash ‖ "\n" ‖ body)), under the
    /// RFC 6962 root of those hashes, then announced like a build announces one.
    static func forgeBatch(_ database: Database, copying source: Int64) async throws {
        let logger = database.logger
        let batch = source + 1
        try await database.client.query(
            """
            INSERT INTO snapshots (id, batch_id, uscc, as_of, score, pd, grade, input_fingerprint, body, prev_hash, hash)
            SELECT m.top + row_number() OVER (ORDER BY s.id), \(batch), s.uscc, s.as_of, s.score, s.pd, s.grade,
                   s.input_fingerprint, s.body, s.hash, encode(sha256(convert_to(s.hash || E'\\n' || s.body, 'UTF8')), 'hex')
            FROM snapshots s, (SELECT max(id) AS top FROM snapshots) m WHERE s.batch_id = \(source)
            """, logger: logger)
        var leaves: [[UInt8]] = []
        let rows = try await database.client.query(
            "SELECT hash FROM snapshots WHERE batch_id = \(batch) ORDER BY id", logger: logger)
        for try await hash in rows.decode(String.self) { leaves.append(Hex.decode(hash)!) }
        try await database.client.query(
            """
            INSERT INTO snapshot_batches (id, as_of, window_months, model_sha256, firm_count, merkle_root)
            SELECT \(batch), as_of, window_months, model_sha256, firm_count, \(Hex.encode(MerkleTree(leaves: leaves).root))
            FROM snapshot_batches WHERE id = \(source)
            """, logger: logger)
        try await database.client.query("SELECT pg_notify('fundchain_snapshots', \(String(batch)))", logger: logger)
        // The forgery is consistent: hash-only verification passes.
        #expect(
            try await SnapshotStore(database: database).verify(.batch(batch), options: .init(contents: false)).problems
                == [])
    }
}

extension TestClientProtocol {
    /// Polls `/metrics` with `key` (scope `metrics`; every 50 ms, at most `attempts` times) until
    /// it contains `line`.
    func waitForMetric(_ line: String, key: String, attempts: Int = 600) async throws {
        for _ in 0..<attempts {
            if String(buffer: try await execute(.get, "/metrics", key: key).body).contains(line) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server's metrics never showed \(line)")
    }
}
