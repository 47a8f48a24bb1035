import Foundation
import FundChainCore
import FundChainTestSupport
import PostgresNIO
import Testing

@testable import FundChainStore

/// Signed checkpoints against a superuser working behind FundChain's back (docs/security.md,
/// "Signed checkpoints"): a batch appended with correct hashes and root but no valid signature,
/// and the latest batch deleted with its checkpoint (a rollback). Real builds of the small
/// region, real PostgreSQL; the expected lines are what each tampering must be named as.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct CheckpointTamperTests {
    /// A fixed key (RFC 8032 §7.1 test 1), and a directory to publish to under `files`.
    static func signer(_ files: FixtureFiles) throws -> CheckpointSigner {
        CheckpointSigner(
            key: try CheckpointSigningKey(
                seed: Hex.decode(
                    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!),
            directory: CheckpointDirectory(path: files.directory + "/checkpoints"))
    }

    /// Loads the small region and runs `builds` signed builds.
    static func signedBuilds(_ database: Database, files: FixtureFiles, builds: Int) async throws -> CheckpointSigner {
        try await SnapshotAuditTests.buildSmallRegion(database, files: files, builds: 0)
        let signer = try signer(files)
        for _ in 0..<builds {
            _ = try await BuildJob(database: database, model: try BuildJobTests.expertCard()).run(
                .init(parallelism: 2, signer: signer))
        }
        return signer
    }

    /// Runs SQL with the user triggers of `tables` disabled, as the superuser the tests connect as.
    static func behindTheTriggers(_ database: Database, tables: [String], _ sql: PostgresQuery) async throws {
        for table in tables {
            try await database.client.query(
                "ALTER TABLE \(unescaped: table) DISABLE TRIGGER USER", logger: database.logger)
        }
        try await database.client.query(sql, logger: database.logger)
        for table in tables {
            try await database.client.query(
                "ALTER TABLE \(unescaped: table) ENABLE TRIGGER USER", logger: database.logger)
        }
    }

    static let unvouched =
        "batch 3: no signed checkpoint vouches for it (written behind FundChain's back, or built without a signing key)"

    @Test func signedBuildsVerifyAndArePublished() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let signer = try await Self.signedBuilds(database, files: files, builds: 2)
            let key = signer.key.publicKey
            let directory = try #require(signer.directory)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                    "000001.json", "000002.json",
                ])
            let (stored, problems) = try await CheckpointStore(database: database).all()
            #expect(problems.isEmpty)
            let published = try directory.readAll()
            #expect(published.problems.isEmpty && published.checkpoints == stored)
            // The chain by hand: 1 names nothing, 2 names 1's hash; each names its batch's row.
            #expect(stored.map(\.checkpoint.sequence) == [1, 2] && stored.map(\.checkpoint.batchID) == [1, 2])
            #expect(stored[0].checkpoint.previousHash == nil && stored[1].checkpoint.previousHash == stored[0].hash)
            for signed in stored {
                let batch = try #require(
                    try await SnapshotStore(database: database).batch(id: signed.checkpoint.batchID))
                #expect(signed.checkpoint.merkleRoot == batch.merkleRoot && signed.checkpoint.firmCount == 3)
                #expect(signed.checkpoint.models == [try BuildJobTests.expertCard().sha256])
                #expect(signed.isSigned(by: key) && signed.keyID == "21fe31dfa154a261")
            }
            let verified = try await SnapshotStore(database: database).verifyCheckpoints(
                keys: [key], published: directory, scope: .all)
            #expect(verified.checkpoints == 2 && verified.problems == [])
        }
    }

    /// (a) A third batch appended by hand: the rows of batch 2 again, chained and hashed
    /// correctly, under a correct Merkle root. Hash-only `verify` cannot tell; the checkpoints can.
    @Test func forgedBatchIsNamed() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let signer = try await Self.signedBuilds(database, files: files, builds: 2)
            let key = signer.key.publicKey
            let store = SnapshotStore(database: database)
            try await Self.forgeBatch(database, copying: 2)
            #expect(try await store.verify(.all).problems == [])  // consistent: hashes, chains, root, re-scoring
            let problems = try await store.verifyCheckpoints(keys: [key], published: signer.directory, scope: .all)
                .problems
            #expect(problems == [Self.unvouched])
            // With a checkpoint row signed by another key (claiming to be ours, or not).
            let stranger = CheckpointSigningKey.generate()
            let batch = try #require(try await store.batch(id: 3))
            let previous = try await CheckpointStore(database: database).all().checkpoints[1].hash
            let forged = try stranger.sign(
                Checkpoint(
                    sequence: 3, batchID: 3, asOf: batch.asOf.description, firmCount: 3, merkleRoot: batch.merkleRoot,
                    previousHash: previous,
                    models: [batch.modelSHA256], time: "2025-04-01T00:00:00Z"))
            try await database.client.query(
                """
                INSERT INTO checkpoints (sequence, batch_id, body, hash, key_id, signature)
                VALUES (3, 3, \(String(decoding: forged.body, as: UTF8.self)), \(forged.hash), \(key.id), \(forged.signature))
                """, logger: database.logger)
            #expect(
                try await store.verifyCheckpoints(keys: [key], published: signer.directory, scope: .all).problems == [
                    "checkpoint 3 (batch 3): signature does not verify (forged or altered)",
                    "checkpoint 3 (batch 3): not in the published checkpoints",
                ])
            let cli = try CLIRun.run([
                "snapshot", "verify", "--all", "--public-key", try Self.publicKeyFile(files, key), "--database",
                database.configuration.url(),
            ])
            #expect(cli.status == 1, "\(cli)")
            #expect(
                cli.stdout == "verified 9 snapshots in 3 batches and 3 signed checkpoints: FAILED: 1 problem\n",
                "\(cli)")
            #expect(cli.stderr.contains("problem: checkpoint 3 (batch 3): signature does not verify"), "\(cli.stderr)")
        }
    }

    /// (b) The latest batch, its snapshots and its checkpoint deleted: the database is consistent
    /// again, and only the published checkpoints show the rollback. A new build refuses to fork.
    @Test func rollbackIsNamed() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let signer = try await Self.signedBuilds(database, files: files, builds: 3)
            let key = signer.key.publicKey
            let store = SnapshotStore(database: database)
            try await Self.behindTheTriggers(
                database, tables: ["snapshots", "snapshot_batches", "checkpoints"],
                """
                WITH s AS (DELETE FROM snapshots WHERE batch_id = 3), c AS (DELETE FROM checkpoints WHERE batch_id = 3)
                DELETE FROM snapshot_batches WHERE id = 3
                """)
            #expect(try await store.verify(.all) == SnapshotVerification(snapshots: 6, batches: 2, problems: []))
            #expect(try await store.verifyCheckpoints(keys: [key], published: nil, scope: .all).problems == [])
            let rollback = "rollback: published checkpoint 3 (batch 3) is not in the database (its batch deleted?)"
            #expect(
                try await store.verifyCheckpoints(keys: [key], published: signer.directory, scope: .all).problems == [
                    rollback
                ])
            let url = database.configuration.url()
            let keyFile = try Self.publicKeyFile(files, key)
            let cli = try CLIRun.run([
                "snapshot", "verify", "--all", "--public-key", keyFile, "--checkpoints", signer.directory!.path,
                "--database", url,
            ])
            #expect(cli.status == 1, "\(cli)")
            #expect(
                cli.stdout == "verified 6 snapshots in 2 batches and 2 signed checkpoints: FAILED: 1 problem\n",
                "\(cli)")
            #expect(cli.stderr == "problem: \(rollback)\n", "\(cli.stderr)")
            // Without the published copy the rollback cannot be seen (that is why it is published).
            let blind = try CLIRun.run(["snapshot", "verify", "--all", "--public-key", keyFile, "--database", url])
            #expect(blind.status == 0, "\(blind)")
            // The next build does not write a different checkpoint 3 over the published one.
            let refused = await #expect(throws: StoreError.self) {
                try await BuildJob(database: database, model: try BuildJobTests.expertCard()).run(
                    .init(parallelism: 2, signer: signer))
            }
            #expect(
                refused?.message.contains("has published checkpoint 3 (batch 3), which the database lacks") == true,
                "\(String(describing: refused))")
            #expect(try await store.latestBatch()?.id == 2)  // the refused build's batch was rolled back with it
        }
    }

    /// Appends batch `source`'s rows again as a new batch, chained to each firm's latest snapshot,
    /// with the hashes and the RFC 6962 root recomputed: what a forger with write access can do.
    static func forgeBatch(_ database: Database, copying source: Int64) async throws {
        let store = SnapshotStore(database: database)
        let original = try #require(try await store.batch(id: source))
        let rows = try await store.snapshots(batch: source)
        var nextID = try await store.int64s("SELECT max(id) + 1 FROM snapshots")[0]
        let batchID = original.id + 1
        var leaves: [[UInt8]] = []
        for row in rows {
            let previous = try #require(try await store.latestSnapshot(firm: row.uscc)).hash
            let hash = SnapshotHash.hash(previous: previous, body: row.body)
            leaves.append(Hex.decode(hash)!)
            try await database.client.query(
                """
                INSERT INTO snapshots (id, batch_id, uscc, as_of, score, pd, grade, input_fingerprint, body, prev_hash, hash)
                VALUES (\(nextID), \(batchID), \(row.uscc), \(row.asOf.description)::date, \(row.score), \(row.pd), \(row.grade),
                        \(row.inputFingerprint), \(String(decoding: row.body, as: UTF8.self)), \(previous), \(hash))
                """, logger: database.logger)
            nextID += 1
        }
        try await database.client.query(
            """
            INSERT INTO snapshot_batches (id, as_of, window_months, model_sha256, firm_count, merkle_root)
            VALUES (\(batchID), \(original.asOf.description)::date, \(original.windowMonths), \(original.modelSHA256), \(rows.count),
                    \(Hex.encode(MerkleTree(leaves: leaves).root)))
            """, logger: database.logger)
    }

    static func publicKeyFile(_ files: FixtureFiles, _ key: CheckpointPublicKey) throws -> String {
        try files.write("signing.pub", key.pem)
    }
}
