import Crypto
import Foundation
import FundChainCore
import FundChainTestSupport
import PostgresNIO
import Testing

@testable import FundChainStore

/// The audit log's hash chain on real PostgreSQL, tampered with as a superuser behind the
/// append-only triggers: an edited row, a row inserted outside any flush, a deleted row, and the
/// latest flush deleted whole (seen through the chain head a signed checkpoint carries).
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct AuditChainTests {
    static let firm = SmallRegion.automaker

    static func row(_ id: String, at seconds: Double, status: Int = 200) -> AuditStore.Row {
        AuditStore.Row(
            at: Date(timeIntervalSince1970: seconds), requestID: id, client: "bank-a", bankCode: "CQRCB", keyID: 3,
            route: "createScore", uscc: firm, consentRef: "C-1", snapshotID: 11, status: status, consentID: 7,
            clientCertificate: "sha256:ab CN=bank-a", source: "192.0.2.7")
    }

    static func name(_ id: String, _ microseconds: Int64) -> String {
        "audit row \(id) (firm '\(firm)', at_us \(microseconds))"
    }

    @Test func tamperingIsNamed() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let store = AuditStore(database: database)
            var cursor = AuditChainCursor(chainID: "c1")
            for flush in [
                [Self.row("r1", at: 1_743_500_000.123456), Self.row("r2", at: 1_743_500_000.5)],
                [Self.row("r3", at: 1_743_500_001.25)], [Self.row("r4", at: 1_743_500_002)],
            ] {
                let link = cursor.link(flush)
                try await store.insert(flush, link: link)
                cursor.advance(past: link)
            }
            #expect(try await store.verifyChain() == .init(rows: 4, flushes: 3, chains: 1, problems: []))
            // Flush 2's hash by hand: sha256("<flush 1's hash>\n" ‖ its one row's canonical JSON ‖ "\n").
            let r3 =
                #"{"at_us":1743500001250000,"bank_code":"CQRCB","client":"bank-a","client_cert":"sha256:ab CN=bank-a","consent_id":7,"consent_ref":"C-1","key_id":3,"request_id":"r3","route":"createScore","snapshot_id":11,"source":"192.0.2.7","status":200,"uscc":"91500112MA5U00001H"}"#
            let hashes = try await database.client.query(
                "SELECT hash FROM audit_chain ORDER BY seq", logger: database.logger
            )
            .collect().map { try $0.decode(String.self) }
            #expect(hashes[1] == Hex.encode(SHA256.hash(data: Array((hashes[0] + "\n" + r3 + "\n").utf8))))

            func behindTheTriggers(_ sql: PostgresQuery) async throws {
                for table in ["audit_log", "audit_chain"] {
                    try await database.client.query(
                        "ALTER TABLE \(unescaped: table) DISABLE TRIGGER USER", logger: database.logger)
                }
                try await database.client.query(sql, logger: database.logger)
                for table in ["audit_log", "audit_chain"] {
                    try await database.client.query(
                        "ALTER TABLE \(unescaped: table) ENABLE TRIGGER USER", logger: database.logger)
                }
            }
            // (c) One row edited: its flush is named, with the row.
            try await behindTheTriggers("UPDATE audit_log SET status = 403 WHERE request_id = 'r3'")
            let edited =
                "audit chain c1 flush 2: its rows do not give its hash (a row edited or replaced): \(Self.name("r3", 1_743_500_001_250_000))"
            #expect(try await store.verifyChain().problems == [edited])
            let cli = try CLIRun.run(["audit", "verify", "--database", database.configuration.url()])
            #expect(
                cli.status == 1 && cli.stdout == "verified 4 audit rows in 3 flushes of 1 chain: FAILED: 1 problem\n",
                "\(cli)")
            #expect(cli.stderr == "problem: \(edited)\n", "\(cli.stderr)")
            try await behindTheTriggers("UPDATE audit_log SET status = 200 WHERE request_id = 'r3'")
            #expect(try await store.verifyChain().problems == [])

            // A row inserted by hand, in no flush.
            try await database.client.query(
                """
                INSERT INTO audit_log (uscc, request_id, at, client, bank_code, key_id, route, status)
                VALUES (\(Self.firm), 'x1', timestamptz '2025-04-01 10:00:00+00', 'bank-a', 'CQRCB', 3, 'createScore', 200)
                """, logger: database.logger)
            #expect(
                try await store.verifyChain().problems == [
                    "\(Self.name("x1", 1_743_501_600_000_000)): in no flush of the audit chain (inserted behind the audit writer's back?)"
                ])
            try await behindTheTriggers("DELETE FROM audit_log WHERE request_id = 'x1'")

            // A signed checkpoint carries the chain's head; then the latest flush is deleted whole.
            try await SnapshotAuditTests.buildSmallRegion(database, files: files, builds: 0)
            let signer = try CheckpointTamperTests.signer(files)
            _ = try await BuildJob(database: database, model: try BuildJobTests.expertCard()).run(
                .init(parallelism: 2, signer: signer))
            let checkpoint = try #require(try await CheckpointStore(database: database).checkpoint(batch: 1))
            #expect(checkpoint.checkpoint.auditHeads == [AuditHead(chain: "c1", seq: 3, hash: hashes[2])])
            try await behindTheTriggers(
                "WITH r AS (DELETE FROM audit_log WHERE request_id = 'r4') DELETE FROM audit_chain WHERE seq = 3")
            #expect(
                try await store.verifyChain(keys: [signer.key.publicKey]).problems == [
                    "audit chain c1 flush 3, in checkpoint 1: missing (deleted)"
                ])
            // A row deleted from a flush.
            try await behindTheTriggers("DELETE FROM audit_log WHERE request_id = 'r2'")
            #expect(
                try await store.verifyChain().problems == [
                    "audit chain c1 flush 1: 2 rows recorded, 1 stored (a row deleted or inserted): \(Self.name("r1", 1_743_500_000_123_456))",
                    "audit chain c1 flush 3, in checkpoint 1: missing (deleted)",
                ])
        }
    }
}
