import Foundation
import FundChainCore
import FundChainIngest
import FundChainStore
import FundChainSynthetic
import FundChainTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@testable import FundChainServer

/// A generated region, ingested and built into one snapshot batch, in a database of its own.
struct Region: Sendable {
    let database: Database
    let cluster: LocalCluster
    /// Firms of the batch, in USCC order.
    let firms: [String]

    /// Ingests `firms` firms × 12 months generated with `seed` (once per process) and runs
    /// `fundchain build`, in a test database of its own on `cluster` (default: the shared one),
    /// dropped afterwards.
    static func with(
        firms: Int = 120, seed: UInt64, cluster: LocalCluster? = nil, _ body: @Sendable (Region) async throws -> Void
    ) async throws {
        let cluster = try cluster ?? TestCluster.started.get()
        let directory = try await GeneratedRegion.directory(firms: firms, seed: seed)
        try await withTestDatabase(on: cluster) { database in
            for kind in [IngestKind.firms, .accounts, .transactions] {
                _ = try await Ingestor(database: database).ingest(kind, path: "\(directory)/\(kind.rawValue).csv")
            }
            try await loadCatalog(database)
            try await build(database)
            let batch = try #require(try await SnapshotStore(database: database).latestBatch())
            let firms = try await SnapshotStore(database: database).snapshots(batch: batch.id).map(\.uscc)
            try await body(Region(database: database, cluster: cluster, firms: firms))
        }
    }

    /// The shipped product catalog (products/*.yaml), so that builds store product matches.
    static func loadCatalog(_ database: Database) async throws {
        let directory = repoRoot.appendingPathComponent("products")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        let files = try names.map {
            ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))
        }
        _ = try await ProductCatalogStore(database: database).load(files: files, source: "products")
    }

    /// `fundchain build` with the shipped scorecard: a new snapshot batch (and its NOTIFY).
    @discardableResult
    static func build(_ database: Database) async throws -> SnapshotBatch {
        let yaml = try String(
            contentsOf: repoRoot.appendingPathComponent("scoring-models/sme-cashflow-v1.yaml"), encoding: .utf8)
        let report = try await BuildJob(database: database, model: try BuildJob.Model(yaml: yaml)).run(
            .init(parallelism: 2))
        return try #require(report.batch)
    }

    /// A new API key with `scopes`; returns its text and id.
    func key(client: String, scopes: [String]) async throws -> (text: String, id: Int64) {
        let key = APIKey.generate()
        let record = try await APIKeyStore(database: database).create(
            client: client, bankCode: Region.bank, scopes: scopes, prefix: key.prefix, keySHA256: key.sha256)
        return (key.text, record.id)
    }

    /// The bank code of the keys `key(client:scopes:)` makes.
    static let bank = "CQRCB"

    /// Records consents of `firms` for `bank`, one per purpose, each with `reference(firm)`:
    /// from yesterday (China Standard Time) unless `grantedOn`, open-ended unless `expiresOn`.
    /// Grant before starting the server (it loads them at start; later ones arrive by NOTIFY).
    @discardableResult
    func grant(
        _ firms: [String], purposes: [ConsentPurpose] = ConsentPurpose.allCases, bank: String = Region.bank,
        grantedOn: CalendarDate? = nil, expiresOn: CalendarDate? = nil, reference: (String) -> String
    ) async throws -> [Consent] {
        let yesterday = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970).adding(days: -1)
        var granted: [Consent] = []
        for firm in firms {
            for purpose in purposes {
                let row = ConsentRow(
                    uscc: try USCC(firm), bankCode: bank, purpose: purpose, reference: reference(firm),
                    grantedOn: grantedOn ?? yesterday, expiresOn: expiresOn)
                granted.append(try await ConsentStore(database: database).grant(row).record.consent)
            }
        }
        return granted
    }

    /// Audit rows written for `client`.
    func auditRows(client: String) async throws -> [(
        route: String, uscc: String, consent: String?, snapshot: Int64?, status: Int
    )] {
        var rows: [(String, String, String?, Int64?, Int)] = []
        let query = try await database.client.query(
            "SELECT route, uscc, consent_ref, snapshot_id, status FROM audit_log WHERE client = \(client) ORDER BY at",
            logger: database.logger)
        for try await (route, uscc, consent, snapshot, status) in query.decode(
            (String, String, String?, Int64?, Int16).self)
        {
            rows.append((route, uscc, consent, snapshot, Int(status)))
        }
        return rows.map { (route: $0.0, uscc: $0.1, consent: $0.2, snapshot: $0.3, status: $0.4) }
    }

    /// Every covered account number (to check none is ever in a response).
    func accountNumbers() async throws -> [String] {
        var numbers: [String] = []
        let query = try await database.client.query("SELECT account_no FROM accounts", logger: database.logger)
        for try await number in query.decode(String.self) { numbers.append(number) }
        return numbers
    }

    /// Runs `body` against a server on this region's database, once it is ready.
    func withServer(
        _ setup: TestingSetup = .router, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let server = ScoringServer(database: database, configuration: configuration, logger: TestCluster.logger)
        try await server.makeApplication().test(setup) { client in
            try await client.waitUntilReady()
            try await body(client)
        }
    }
}

extension Region {
    /// Runs `body` with the port of a live server on this region's database, on 127.0.0.1 (port
    /// 0: a free one) with `configure`'s settings; shuts it down afterwards.
    func withLiveServer(
        configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let server = ScoringServer(database: database, configuration: configuration, logger: TestCluster.logger)
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let app = try server.makeApplication(onServerRunning: { announce.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [app], logger: TestCluster.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { announce.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next(), "the server did not start")
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

extension TestClientProtocol {
    /// Polls `/readyz` (every 50 ms, at most `attempts` times) until it answers 200 with
    /// `batch_id` ≥ `batch`.
    func waitUntilReady(batch: Int64 = 1, attempts: Int = 600) async throws {
        for _ in 0..<attempts {
            let response = try await execute(uri: "/readyz", method: .get)
            if response.status == .ok, let id = try response.json()["batch_id"]?.int64Value, id >= batch { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server did not become ready with batch \(batch)")
    }

    func execute(
        _ method: HTTPRequest.Method, _ uri: String, key: String? = nil, headers: HTTPFields = [:], json: String? = nil
    ) async throws -> TestResponse {
        var fields = headers
        if let key { fields[.authorization] = "Bearer \(key)" }
        if json != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    func json() throws -> JSONValue { try JSONValue(parsing: Array(body.readableBytesView)) }

    /// Checks that this is an RFC 9457 problem of `type` (slug) with `status`; returns the document.
    @discardableResult
    func expectProblem(
        _ slug: String, _ status: Int, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> JSONValue
    {
        #expect(Int(self.status.code) == status, "status", sourceLocation: sourceLocation)
        #expect(headers[.contentType]?.hasPrefix("application/problem+json") == true, sourceLocation: sourceLocation)
        let document = try json()
        #expect(
            document["type"]?.stringValue == "https://fundchain.example/problems/" + slug,
            sourceLocation: sourceLocation)
        #expect(document["status"]?.intValue == status, sourceLocation: sourceLocation)
        #expect(document["title"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        if let field { #expect(document["field"]?.stringValue == field, sourceLocation: sourceLocation) }
        #expect(
            document["request_id"]?.stringValue == headers[HTTPField.Name("X-Request-Id")!],
            sourceLocation: sourceLocation)
        return document
    }
}
