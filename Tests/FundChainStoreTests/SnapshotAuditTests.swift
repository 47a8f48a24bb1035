import Foundation
import FundChainCore
import FundChainTestSupport
import PostgresNIO
import Testing

@testable import FundChainStore

/// The auditor's tools on real builds of the small region (real ingest, real PostgreSQL):
/// `verify` on untouched builds and after tampering behind the append-only triggers, and `diff`
/// of two builds with one changed input. Snapshot ids are by USCC within each batch: logistics
/// (91500103…) first, then the automaker, then the supplier.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct SnapshotAuditTests {
    /// An outside-world customer pays the logistics firm ¥1,000 on 2025-03-15.
    static let extraCredit =
        SmallRegion.header + "CQRCB,6230000000000003,R3,2025-03-15,C,1000.00,CNY,5555666677778888,某客户,BOC,服务费\n"

    /// Loads the small region and runs `builds` builds with the expert scorecard.
    static func buildSmallRegion(_ database: Database, files: FixtureFiles, builds: Int) async throws {
        let ingestor = Ingestor(database: database)
        _ = try await ingestor.ingest(.firms, path: try files.write("firms.csv", SmallRegion.firms))
        _ = try await ingestor.ingest(.accounts, path: try files.write("accounts.csv", SmallRegion.accounts))
        _ = try await ingestor.ingest(.transactions, path: try files.write("tx.csv", SmallRegion.transactions))
        for _ in 0..<builds { try await build(database) }
    }

    static func build(_ database: Database) async throws {
        _ = try await BuildJob(database: database, model: try BuildJobTests.expertCard()).run(.init(parallelism: 2))
    }

    /// Runs SQL with the append-only triggers disabled (as the superuser the tests connect as).
    static func behindTheTriggers(_ database: Database, _ sql: PostgresQuery) async throws {
        try await database.client.query("ALTER TABLE snapshots DISABLE TRIGGER USER", logger: database.logger)
        try await database.client.query(sql, logger: database.logger)
        try await database.client.query("ALTER TABLE snapshots ENABLE TRIGGER USER", logger: database.logger)
    }

    @Test func untouchedBuildsVerify() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            try await Self.buildSmallRegion(database, files: files, builds: 3)
            let store = SnapshotStore(database: database)
            let all = try await store.verify(.all, options: .init(parallelism: 2, chunkSize: 2))
            #expect(all == SnapshotVerification(snapshots: 9, batches: 3, problems: []))
            #expect(all.verdict == "verified 9 snapshots in 3 batches: OK")
            #expect(
                try await store.verify(.firm(SmallRegion.supplier))
                    == SnapshotVerification(snapshots: 3, batches: 3, problems: []))
            #expect(try await store.verify(batch: 2) == SnapshotAudit(batchID: 2, checked: 3, problems: []))
            await #expect(throws: StoreError.self) { try await store.verify(.firm("91500000000000000X")) }

            let cli = try CLIRun.run(["snapshot", "verify", "--database", database.configuration.url()])
            #expect(
                cli.status == 0 && cli.stdout == "verified 9 snapshots in 3 batches: OK\n" && cli.stderr.isEmpty,
                "\(cli)")
        }
    }

    /// (1) An UPDATE made with the triggers disabled: `verify` names the snapshot and what differs.
    @Test func editedRowIsCaught() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            try await Self.buildSmallRegion(database, files: files, builds: 2)
            let store = SnapshotStore(database: database)
            let automaker = try #require(try await store.snapshot(id: 5))
            #expect(automaker.uscc == SmallRegion.automaker)

            // The score column alone: the body (and so the hash) still says the old score.
            try await Self.behindTheTriggers(database, "UPDATE snapshots SET score = score + 50 WHERE id = 5")
            let edited = try await store.verify(.all)
            #expect(
                edited.problems == [
                    "snapshot 5 (\(SmallRegion.automaker)): score column is \(automaker.score + 50), body has \(automaker.score)"
                ])
            #expect(edited.verdict == "verified 6 snapshots in 2 batches: FAILED: 1 problem")
            let cli = try CLIRun.run(["snapshot", "verify", "--batch", "2", "--database", database.configuration.url()])
            #expect(cli.status == 1, "\(cli)")
            #expect(cli.stdout == "verified 3 snapshots in 1 batch: FAILED: 1 problem\n")
            #expect(cli.stderr.contains("snapshot 5 (\(SmallRegion.automaker)): score column is"), "\(cli.stderr)")

            // The body's score too, consistently with the column: the hash no longer matches, and
            // re-scoring its features gives the old score.
            let old = automaker.score
            try await Self.behindTheTriggers(
                database,
                "UPDATE snapshots SET body = replace(body, \("\"points\":\(old)"), \("\"points\":\(old + 50)")) WHERE id = 5"
            )
            let problems = try await store.verify(.batch(2)).problems
            #expect(
                problems == [
                    "snapshot 5 (\(SmallRegion.automaker)): hash does not match its body and prev_hash",
                    "snapshot 5 (\(SmallRegion.automaker)): re-scoring with model sme-cashflow v1 gives \(old) points, body has \(old + 50)",
                ])
            // The forger who also rewrites the hash breaks the batch's Merkle root instead.
            let body = try #require(try await store.snapshot(id: 5)).body
            let rehashed = SnapshotHash.hash(previous: automaker.prevHash, body: body)
            try await Self.behindTheTriggers(database, "UPDATE snapshots SET hash = \(rehashed) WHERE id = 5")
            #expect(
                try await store.verify(.batch(2)).problems == [
                    "snapshot 5 (\(SmallRegion.automaker)): re-scoring with model sme-cashflow v1 gives \(old) points, body has \(old + 50)",
                    "batch 2: Merkle root does not match its snapshots",
                ])
        }
    }

    /// (2) A row deleted from the middle of a firm's chain: the next row's `prev_hash` no longer
    /// matches the hash of the row before it, and its batch is one short.
    @Test func deletedChainRowIsCaught() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            try await Self.buildSmallRegion(database, files: files, builds: 3)
            let store = SnapshotStore(database: database)
            #expect(try await store.chain(firm: SmallRegion.supplier).map(\.id) == [3, 6, 9])
            try await Self.behindTheTriggers(database, "DELETE FROM snapshots WHERE id = 6")
            let expected = [
                "batch 2: 2 snapshots stored, 3 recorded",
                "batch 2: Merkle root does not match its snapshots",
                "snapshot 9 (\(SmallRegion.supplier)): prev_hash is not the hash of the firm's previous snapshot 3 "
                    + "(a snapshot between them deleted, or one edited)",
            ]
            #expect(try await store.verify(.all).problems == expected)
            // The firm's chain: its batches 1 and 3 (it has no row in batch 2 any more).
            #expect(try await store.verify(.firm(SmallRegion.supplier)).problems == [expected[2]])
            // Another firm of batch 2 sees the batch one short.
            #expect(try await store.verify(.firm(SmallRegion.logistics)).problems == Array(expected.prefix(2)))

            let cli = try CLIRun.run([
                "snapshot", "verify", "--firm", SmallRegion.supplier, "--database", database.configuration.url(),
            ])
            #expect(cli.status == 1, "\(cli)")
            #expect(cli.stdout == "verified 2 snapshots in 2 batches: FAILED: 1 problem\n")
            #expect(cli.stderr.contains("snapshot 9 (\(SmallRegion.supplier)): prev_hash"), "\(cli.stderr)")

            // Deleting the first of a chain is caught at the second.
            try await Self.behindTheTriggers(database, "DELETE FROM snapshots WHERE id = 1")
            #expect(
                try await store.verify(.firm(SmallRegion.logistics)).problems.contains(
                    "snapshot 4 (\(SmallRegion.logistics)): prev_hash is set but the firm has no earlier snapshot (its first snapshot deleted?)"
                ))
        }
    }

    /// (4) Two builds, one firm's input changed in between (an outside customer pays the logistics
    /// firm ¥1,000 in March 2025): the diff shows exactly the features that payment touches.
    @Test func diffShowsTheChangedInput() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            // Two builds first, so both compared snapshots have a neighbour risk.
            try await Self.buildSmallRegion(database, files: files, builds: 2)
            _ = try await Ingestor(database: database).ingest(
                .transactions, path: try files.write("more.csv", Self.extraCredit))
            try await Self.build(database)
            let store = SnapshotStore(database: database)
            let before = try SnapshotBody(parsing: try #require(try await store.snapshot(id: 4)).body)
            let after = try SnapshotBody(parsing: try #require(try await store.snapshot(id: 7)).body)
            let card = try BuildJobTests.expertCard().card
            let diff = SnapshotDiff(old: before, new: after, oldCard: card, newCard: card)
            #expect(diff.sameFirm && diff.old.uscc == SmallRegion.logistics && !diff.modelChanged)
            // By hand. Window 2024-04…2025-03; before: ¥300.50 in from the supplier (Feb 11), ¥80.25
            // out to the tax office (Mar 31); after: also ¥1,000 in from outside (Mar 15).
            // The inflows of every window grow by 1,000, and so the net flows, the monthly mean, the
            // CV, the trend, the net-flow ratio; March is no longer a net-outflow month; the last
            // inflow is 16 days before the as-of date, not 48; the outside share of all flows grows;
            // the supplier's share of inflow (top-1, top-5, HHI) falls; and the share exchanged with
            // the distressed supplier (no inflow for 85 days) falls. The covered graph is unchanged.
            let changed = Set(diff.features.filter(\.valueChanged).map(\.name))
            #expect(
                changed == [
                    "inflow_3m_yuan", "inflow_6m_yuan", "inflow_12m_yuan", "net_flow_3m_yuan", "net_flow_6m_yuan",
                    "net_flow_12m_yuan", "inflow_monthly_mean_12m_yuan", "inflow_cv_12m", "inflow_trend_sa_12m",
                    "net_flow_ratio_12m", "months_net_outflow_12m", "days_since_last_inflow", "outside_world_share",
                    "top1_customer_share", "top5_customer_share", "customer_hhi", "contagion_exposure",
                ])
            func change(_ name: String) -> SnapshotDiff.FeatureChange? { diff.features.first { $0.name == name } }
            #expect(
                change("inflow_12m_yuan")?.old == .number(300.5) && change("inflow_12m_yuan")?.new == .number(1300.5))
            #expect(change("inflow_12m_yuan")?.delta == 1000)
            #expect(
                change("net_flow_12m_yuan")?.old == .number(220.25)
                    && change("net_flow_12m_yuan")?.new == .number(1220.25))
            #expect(
                change("days_since_last_inflow")?.old == .number(48)
                    && change("days_since_last_inflow")?.new == .number(16))
            #expect(
                change("months_net_outflow_12m")?.old == .number(1)
                    && change("months_net_outflow_12m")?.new == .number(0))
            #expect(
                change("top1_customer_share")?.old == .number(1)
                    && change("top1_customer_share")?.new == .number(300.5 / 1300.5))
            #expect(change("outside_world_share")?.new == .number(1080.25 / 1380.75))
            // Same model: all of the score change is the data's, and per feature the points moved
            // are what the value change alone is worth.
            #expect(diff.modelEffect == 0 && diff.dataEffect == diff.scoreChange)
            #expect(diff.features.allSatisfy { $0.dataPoints == nil || $0.dataPoints == $0.pointsMoved })
            #expect(diff.features.map(\.pointsMoved).reduce(0, +) == diff.scoreChange)
            #expect(diff.otherChanges == ["input_fingerprint"])
        }
    }
}
