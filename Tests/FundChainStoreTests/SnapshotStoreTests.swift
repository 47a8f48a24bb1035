import Crypto
import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

/// The snapshot tables against a real PostgreSQL. Hashes and Merkle roots are recomputed here
/// with swift-crypto directly (not SnapshotHash or MerkleTree).
@Suite(.enabled(if: TestCluster.enabled))
struct SnapshotStoreTests {
    static let firms = ["91500112MA5U00001H", "91500112MA5U00002L", "91500103MA5U00003N"]
    static let model = SnapshotModel(id: "sme-cashflow", version: "1", body: "id: sme-cashflow\nversion: 1\n")
    static let asOf = CalendarDate(year: 2025, month: 12, day: 31)!

    static func draft(_ uscc: String, score: Int, body: String) -> SnapshotDraft {
        SnapshotDraft(
            uscc: uscc, score: score, pd: Double(score) / 10_000, grade: "B", inputFingerprint: "fp-" + uscc,
            body: Array(body.utf8))
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// RFC 6962 §2.1, recursively, as the RFC states it.
    static func merkleRoot(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.isEmpty { return Array(SHA256.hash(data: [UInt8]())) }
        if leaves.count == 1 { return Array(SHA256.hash(data: [0x00] + leaves.first!)) }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        return Array(SHA256.hash(data: [0x01] + merkleRoot(leaves.prefix(k)) + merkleRoot(leaves.dropFirst(k))))
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    /// Writes `drafts` handing them over `chunk` at a time, as a build does.
    static func write(_ store: SnapshotStore, asOf: CalendarDate, _ drafts: [SnapshotDraft], chunk: Int) async throws
        -> SnapshotBatch
    {
        try await store.writeBatch(
            asOf: asOf, windowMonths: 12, model: Self.model, firms: drafts.map(\.uscc), chunk: chunk
        ) {
            Array(drafts[$0])
        }
    }

    /// The same rows, hashes and root whether the drafts arrive all at once or a few at a time.
    @Test(arguments: [4_096, 1, 2])
    func chainAndMerkleRootAcrossTwoBatches(chunk: Int) async throws {
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            // Bodies with what COPY text must escape (backslash, tab, newline) and non-ASCII.
            let first = [
                Self.draft(Self.firms[0], score: 610, body: #"{"name":"重庆\"甲\"","path":"a\\b"}"#),
                Self.draft(Self.firms[1], score: 580, body: "{\"raw\":\"tab\there\nnewline\"}"),
                Self.draft(Self.firms[2], score: 700, body: "{}"),
            ]
            let batch1 = try await Self.write(store, asOf: Self.asOf, first, chunk: chunk)
            let second = [
                Self.draft(Self.firms[0], score: 620, body: #"{"v":2}"#),
                Self.draft(Self.firms[2], score: 690, body: #"{"v":2,"x":"\\u00e9"}"#),
            ]
            let batch2 = try await Self.write(
                store, asOf: CalendarDate(year: 2026, month: 1, day: 31)!, second, chunk: chunk)
            #expect(batch1.id == 1 && batch2.id == 2)
            #expect(batch1.firmCount == 3 && batch2.firmCount == 2)

            var head: [String: String] = [:]
            var nextID: Int64 = 1
            for (batch, drafts) in [(batch1, first), (batch2, second)] {
                let stored = try await store.snapshots(batch: batch.id)
                #expect(stored.count == drafts.count)
                var leaves: [[UInt8]] = []
                for (row, draft) in zip(stored, drafts) {
                    #expect(row.id == nextID)
                    nextID += 1
                    #expect(row.batchID == batch.id && row.uscc == draft.uscc && row.asOf == batch.asOf)
                    #expect(row.body == draft.body)
                    #expect(row.score == draft.score && row.pd == draft.pd && row.grade == draft.grade)
                    #expect(row.inputFingerprint == draft.inputFingerprint)
                    #expect(row.prevHash == head[draft.uscc])
                    let expected = Self.sha256Hex(Array(((head[draft.uscc] ?? "") + "\n").utf8) + draft.body)
                    #expect(row.hash == expected)
                    head[draft.uscc] = expected
                    leaves.append(Self.bytes(hex: expected))
                }
                let root = Self.merkleRoot(leaves[...]).map { String(format: "%02x", $0) }.joined()
                #expect(batch.merkleRoot == root)
                #expect(try await store.batch(id: batch.id) == batch)
            }
            #expect(try await store.latestBatch() == batch2)
            #expect(try await store.batch(id: 3) == nil)

            // Reads.
            #expect(try await store.latestSnapshot(firm: Self.firms[1])?.id == 2)
            #expect(try await store.latestSnapshot(firm: Self.firms[2])?.hash == head[Self.firms[2]])
            #expect(try await store.latestSnapshot(firm: "91500000000000000X") == nil)
            #expect(try await store.snapshot(id: 4)?.uscc == Self.firms[0])
            #expect(try await store.chain(firm: Self.firms[0]).map(\.id) == [1, 4])
            #expect(
                try await store.scores(batch: 1) == [
                    Self.firms[0]: SnapshotScore(score: 610, pd: 0.061),
                    Self.firms[1]: SnapshotScore(score: 580, pd: 0.058),
                    Self.firms[2]: SnapshotScore(score: 700, pd: 0.07),
                ])
            #expect(try await store.model(sha256: Self.model.sha256) == Self.model)
            let models = try await database.client.query("SELECT count(*) FROM scoring_models", logger: database.logger)
                .collect().first!.decode(Int.self)
            #expect(models == 1)
        }
    }

    /// Drafts that do not match the batch's firm list fail the whole batch: nothing is stored.
    @Test func draftsOutOfOrderFailTheBatch() async throws {
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            let drafts = Self.firms.map { Self.draft($0, score: 600, body: "{}") }
            await #expect(throws: StoreError.self) {
                try await store.writeBatch(
                    asOf: Self.asOf, windowMonths: 12, model: Self.model, firms: Self.firms, chunk: 2
                ) { range in
                    Array(drafts[range].reversed())
                }
            }
            #expect(try await store.latestBatch() == nil)
            let rows = try await database.client.query("SELECT count(*) FROM snapshots", logger: database.logger)
                .collect().first!.decode(Int.self)
            #expect(rows == 0)
        }
    }

    @Test func emptyBatchHasTheEmptyRoot() async throws {
        try await withTestDatabase { database in
            let batch = try await SnapshotStore(database: database).writeBatch(
                asOf: Self.asOf, windowMonths: 6, model: Self.model, drafts: [])
            #expect(batch.merkleRoot == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            #expect(batch.firmCount == 0)
        }
    }

    @Test func rejectsInvalidDrafts() async throws {
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            let twice = [
                Self.draft(Self.firms[0], score: 1, body: "{}"), Self.draft(Self.firms[0], score: 2, body: "{}"),
            ]
            await #expect(throws: StoreError.self) {
                try await store.writeBatch(asOf: Self.asOf, windowMonths: 12, model: Self.model, drafts: twice)
            }
            var wrongModel = Self.model
            wrongModel.body += "# edited\n"
            await #expect(throws: StoreError.self) {
                try await store.writeBatch(asOf: Self.asOf, windowMonths: 12, model: wrongModel, drafts: [])
            }
            await #expect(throws: StoreError.self) {
                try await store.writeBatch(
                    asOf: Self.asOf, windowMonths: 12, model: Self.model,
                    drafts: [Self.draft("short", score: 1, body: "{}")])
            }
            // Invalid UTF-8 fails in PostgreSQL, and the whole batch rolls back.
            var bad = Self.draft(Self.firms[1], score: 1, body: "{}")
            bad.body = [0x7B, 0xFF, 0x7D]
            await #expect(throws: StoreError.self) {
                try await store.writeBatch(
                    asOf: Self.asOf, windowMonths: 12, model: Self.model,
                    drafts: [Self.draft(Self.firms[0], score: 1, body: "{}"), bad])
            }
            let latest = try await store.latestBatch()
            #expect(latest == nil)
            let models = try await database.client.query("SELECT count(*) FROM scoring_models", logger: database.logger)
                .collect().first!.decode(Int.self)
            #expect(models == 0)
        }
    }

    @Test func appendOnlyTriggersRejectUpdateDeleteTruncate() async throws {
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            _ = try await store.writeBatch(
                asOf: Self.asOf, windowMonths: 12, model: Self.model,
                drafts: [Self.draft(Self.firms[0], score: 600, body: "{}")])
            let statements: [(String, PostgresQuery)] = [
                ("snapshots", "UPDATE snapshots SET score = 900"),
                ("snapshots", "DELETE FROM snapshots"),
                ("snapshots", "TRUNCATE snapshots"),
                ("snapshot_batches", "UPDATE snapshot_batches SET merkle_root = 'x'"),
                ("snapshot_batches", "DELETE FROM snapshot_batches"),
                ("snapshot_batches", "TRUNCATE snapshot_batches CASCADE"),
                ("scoring_models", "UPDATE scoring_models SET body = 'x'"),
                ("scoring_models", "DELETE FROM scoring_models"),
                ("scoring_models", "TRUNCATE scoring_models CASCADE"),
            ]
            for (table, statement) in statements {
                do {
                    try await database.client.query(statement, logger: database.logger)
                    Issue.record("\(statement.sql) was allowed")
                } catch let error as PSQLError {
                    #expect(error.serverInfo?[.sqlState] == "FC001", "\(statement.sql)")
                    #expect(
                        error.serverInfo?[.message]?.hasPrefix("\(table) is append-only") == true,
                        "\(String(describing: error.serverInfo?[.message]))")
                }
            }
            let stored = try await store.snapshots(batch: 1)
            #expect(stored.map(\.score) == [600])
            #expect(try await store.model(sha256: Self.model.sha256)?.body == Self.model.body)
        }
    }

    /// Hashes, links, counts and roots (these bodies are not real snapshots to re-score;
    /// SnapshotAuditTests checks the contents on real builds).
    static let hashesOnly = SnapshotVerifyOptions(contents: false)

    /// verify(batch:) passes intact batches and finds edits made behind the trigger's back.
    @Test func verifyFindsTampering() async throws {
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            let drafts = Self.firms.map { Self.draft($0, score: 600, body: "{\"v\":1}") }
            _ = try await store.writeBatch(asOf: Self.asOf, windowMonths: 12, model: Self.model, drafts: drafts)
            _ = try await store.writeBatch(asOf: Self.asOf, windowMonths: 12, model: Self.model, drafts: drafts)
            #expect(
                try await store.verify(batch: 1, options: Self.hashesOnly)
                    == SnapshotAudit(batchID: 1, checked: 3, problems: []))
            #expect(try await store.verify(batch: 2, options: Self.hashesOnly).isValid)
            await #expect(throws: StoreError.self) { try await store.verify(batch: 3, options: Self.hashesOnly) }

            func tamper(_ sql: PostgresQuery) async throws {
                try await database.client.query(
                    "ALTER TABLE snapshots DISABLE TRIGGER snapshots_append_only", logger: database.logger)
                try await database.client.query(sql, logger: database.logger)
                try await database.client.query(
                    "ALTER TABLE snapshots ENABLE TRIGGER snapshots_append_only", logger: database.logger)
            }
            // An edited body no longer matches its hash.
            try await tamper("UPDATE snapshots SET body = '{\"v\":2}' WHERE id = 2")
            #expect(
                try await store.verify(batch: 1, options: Self.hashesOnly).problems == [
                    "snapshot 2 (\(Self.firms[1])): hash does not match its body and prev_hash"
                ])
            // Rehashing the edit breaks the Merkle root and the firm's next link.
            let rehashed = Self.sha256Hex(Array("\n{\"v\":2}".utf8))
            try await tamper("UPDATE snapshots SET hash = \(rehashed) WHERE id = 2")
            #expect(
                try await store.verify(batch: 1, options: Self.hashesOnly).problems == [
                    "batch 1: Merkle root does not match its snapshots"
                ])
            #expect(
                try await store.verify(batch: 2, options: Self.hashesOnly).problems == [
                    "snapshot 5 (\(Self.firms[1])): prev_hash is not the hash of the firm's previous snapshot 2 "
                        + "(a snapshot between them deleted, or one edited)"
                ])
        }
    }

    @Test func notifyCarriesTheBatchID() async throws {
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            _ = try await store.writeBatch(asOf: Self.asOf, windowMonths: 12, model: Self.model, drafts: [])
            try await database.client.withConnection { connection in
                try await connection.listen(on: SnapshotStore.channel) { notifications in
                    let batch = try await store.writeBatch(
                        asOf: Self.asOf, windowMonths: 12, model: Self.model,
                        drafts: [Self.draft(Self.firms[1], score: 500, body: "{}")])
                    var iterator = notifications.makeAsyncIterator()
                    let notification = try await iterator.next()
                    #expect(batch.id == 2)
                    #expect(notification?.payload == "2")
                }
            }
        }
    }

    /// Builds racing each other serialise: every firm's snapshots form one chain, ids stay consecutive.
    @Test(arguments: [4])
    func concurrentWritersMakeOneChain(writers: Int) async throws {
        try await withTestDatabase { database in
            let store = SnapshotStore(database: database)
            try await withThrowingTaskGroup(of: SnapshotBatch.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        let drafts = Self.firms.map { Self.draft($0, score: 500 + w, body: "{\"writer\":\(w)}") }
                        return try await store.writeBatch(
                            asOf: Self.asOf, windowMonths: 12, model: Self.model, drafts: drafts)
                    }
                }
                var ids: [Int64] = []
                for try await batch in group { ids.append(batch.id) }
                #expect(ids.sorted() == (1...Int64(writers)).map { $0 })
            }
            for firm in Self.firms {
                let chain = try await store.chain(firm: firm)
                #expect(chain.count == writers)
                var previous: String?
                for snapshot in chain {
                    #expect(snapshot.prevHash == previous)
                    #expect(snapshot.hash == Self.sha256Hex(Array(((previous ?? "") + "\n").utf8) + snapshot.body))
                    previous = snapshot.hash
                }
            }
            var all: [Int64] = []
            for id in 1...Int64(writers) { all += try await store.snapshots(batch: id).map(\.id) }
            #expect(all == (1...Int64(writers * Self.firms.count)).map { $0 })
        }
    }
}
