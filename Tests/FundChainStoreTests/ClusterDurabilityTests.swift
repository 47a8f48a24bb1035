import Foundation
import FundChainStore
import FundChainTestSupport
import Testing

/// The managed cluster is durable unless a start asks otherwise, and a cluster made by a version
/// that wrote `fsync = off` into its configuration becomes durable at its next start.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ClusterDurabilityTests {
    /// A cluster of its own (the shared test cluster runs unsafe-fast on purpose).
    func withFreshCluster(_ body: (LocalCluster) async throws -> Void) async throws {
        let home = NSTemporaryDirectory() + "fundchain-durability-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // The server may run as the postgres user, which must reach the directory.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home)
        let cluster = try LocalCluster(home: home)
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(atPath: home)
            try? FileManager.default.removeItem(atPath: cluster.layout.dataDirectory)
        }
        try await body(cluster)
    }

    func mode(_ cluster: LocalCluster) async throws -> LocalCluster.Durability {
        try await LocalDatabase.durability(cluster, logger: TestCluster.logger)
    }

    @Test func defaultStartIsDurableAndUnsafeIsOnlyPerStart() async throws {
        try await withFreshCluster { cluster in
            try cluster.start()
            #expect(try await mode(cluster) == .durable)
            try cluster.stop()
            try cluster.start(durability: .unsafeFast)
            #expect(try await mode(cluster) == .unsafeFast)
            try cluster.stop()
            // Nothing of the unsafe start was written down: the next plain start is durable.
            try cluster.start()
            #expect(try await mode(cluster) == .durable)
        }
    }

    @Test func clusterConfiguredUnsafeByAnOlderVersionBecomesDurable() async throws {
        try await withFreshCluster { cluster in
            try cluster.start()
            try cluster.stop()
            // What versions up to schema 9 appended to postgresql.conf.
            let path = cluster.layout.dataDirectory + "/postgresql.conf"
            let handle = try #require(FileHandle(forWritingAtPath: path))
            let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
            let base = String(text[..<(try #require(text.range(of: "\n# FundChain managed cluster"))).lowerBound])
            let old =
                base
                + "\n# FundChain managed cluster\nlisten_addresses = ''\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(old.utf8))
            try handle.close()

            try cluster.start()
            #expect(try await mode(cluster) == .durable)
            let rewritten = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
            #expect(!rewritten.contains("fsync = off"))
            #expect(rewritten.components(separatedBy: "# FundChain managed cluster").count == 2)
        }
    }

    @Test func modeIsReadFromTheServersSettings() {
        #expect(LocalCluster.Durability(fsync: "on", synchronousCommit: "on", fullPageWrites: "on") == .durable)
        #expect(LocalCluster.Durability(fsync: "on", synchronousCommit: "local", fullPageWrites: "on") == .durable)
        #expect(LocalCluster.Durability(fsync: "off", synchronousCommit: "on", fullPageWrites: "on") == .unsafeFast)
        #expect(LocalCluster.Durability(fsync: "on", synchronousCommit: "off", fullPageWrites: "on") == .unsafeFast)
        #expect(LocalCluster.Durability(fsync: "on", synchronousCommit: "on", fullPageWrites: "off") == .unsafeFast)
    }
}
