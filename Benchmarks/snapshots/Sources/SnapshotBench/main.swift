// Snapshot write benchmark: N firms' snapshot bodies (~3 KB of canonical JSON each, seeded)
// written as consecutive batches through SnapshotStore.writeBatch into a throwaway managed
// PostgreSQL. The first batch starts every chain; later ones read each firm's previous hash.
// Baseline, in the same run: a plain COPY of the same rows (already hashed) into a bare table
// with the same columns and body compression (lz4) but no keys, indexes or triggers: the floor
// for getting the bytes in.
//
//   snapshot-bench [--firms 100000] [--batches 2] [--seed 7] [--home DIR]
import Foundation
import FundChainCore
import FundChainStore
import Logging
import NIOCore
import PostgresNIO

struct Options {
    var firms = 100_000
    var batches = 2
    var seed: UInt64 = 7
    var home = NSTemporaryDirectory() + "fundchain-snapshot-bench-\(getpid())"

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { fatalError("\(flag) needs a value") }
            switch flag {
            case "--firms": firms = Int(value)!
            case "--batches": batches = Int(value)!
            case "--seed": seed = UInt64(value)!
            case "--home": home = value
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}

/// A body shaped like a build's: ~40 features, 4 reasons with evidence, model and window fields.
func body(uscc: String, batch: Int, rng: inout SeededGenerator) -> JSONValue {
    var features: [String: JSONValue] = [:]
    for f in 0..<40 {
        features[String(format: "feature_%02d_value", f)] = .double(Double.random(in: -1e6...1e6, using: &rng))
    }
    let reasons: [JSONValue] = (0..<4).map { r in
        [
            "code": .string("R\(r)\(Int.random(in: 10...99, using: &rng))"),
            "text": "前五大客户集中度高：重庆某汽车零部件有限公司支付了大部分货款",
            "points_lost": .double(Double.random(in: 0...40, using: &rng)),
            "evidence": [
                "value": .double(Double.random(in: 0...1, using: &rng)),
                "peer_percentile": .double(Double.random(in: 0...1, using: &rng)),
                "flows": .array((0..<3).map { _ in
                    ["counterparty": "重庆某某有限公司", "amount_fen": .int(Int64.random(in: 1...1_000_000_000, using: &rng))]
                }),
            ],
        ]
    }
    return [
        "firm": .string(uscc), "as_of": "2025-12-31", "window_months": 12, "batch": .int(Int64(batch)),
        "model": ["id": "sme-cashflow", "version": "1", "sha256": .string(String(repeating: "ab", count: 32))],
        "features": .object(features), "score": .int(Int64.random(in: 300...900, using: &rng)),
        "pd": .double(Double.random(in: 0...0.3, using: &rng)), "grade": "BB", "reasons": .array(reasons),
    ]
}

/// COPY text of stored rows (the baseline's input).
func copyText(_ rows: [StoredSnapshot]) -> ByteBuffer {
    var writer = CopyTextWriter(capacity: rows.reduce(0) { $0 + $1.body.count + 256 })
    for r in rows {
        writer.integer(r.id)
        writer.integer(r.batchID)
        writer.text(r.uscc)
        writer.date(r.asOf)
        writer.integer(r.score)
        writer.double(r.pd)
        writer.text(r.grade)
        writer.text(r.inputFingerprint)
        writer.utf8(r.body)
        writer.text(r.prevHash)
        writer.text(r.hash)
        writer.endRow()
    }
    return writer.buffer
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
var logger = Logger(label: "fundchain.bench")
logger.logLevel = ProcessInfo.processInfo.environment["FUNDCHAIN_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
func now() -> Double { Date().timeIntervalSince1970 }
func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }

try FileManager.default.createDirectory(atPath: options.home, withIntermediateDirectories: true)
let cluster = try LocalCluster(home: options.home)
try cluster.start(durability: .unsafeFast)  // a throwaway benchmark cluster: measures FundChain, not fsync
defer { try? cluster.stop() }
try await LocalDatabase.ensureDatabase(cluster, name: "snapshot_bench", logger: logger)
var configuration = cluster.configuration
configuration.database = "snapshot_bench"

let model = SnapshotModel(id: "sme-cashflow", version: "1", body: "id: sme-cashflow\nversion: 1\n")
let usccs = (0..<options.firms).map { "91500000" + String(format: "%09d", $0) + "X" }
print("firms,batch,canonical_s,write_s,rows_per_s,body_mib,mib_per_s,read_s,bare_copy_s,bare_over_write")
try await Database.with(configuration, logger: logger) { database in
    _ = try await Migrator().migrate(database)
    let store = SnapshotStore(database: database)
    for batch in 1...options.batches {
        var rng = SeededGenerator(seed: options.seed &+ UInt64(batch))
        var canonical = 0.0
        let drafts = usccs.map { uscc in
            let value = body(uscc: uscc, batch: batch, rng: &rng)
            let start = now()
            let bytes = value.canonicalBytes()
            canonical += now() - start
            return SnapshotDraft(uscc: uscc, score: 600, pd: 0.02, grade: "BB", inputFingerprint: "fp", body: bytes)
        }
        let t1 = now()
        let written = try await store.writeBatch(asOf: CalendarDate(year: 2025, month: 12, day: 31)!, windowMonths: 12,
                                                 model: model, drafts: drafts)
        let t2 = now()
        let read = try await store.snapshots(batch: written.id)
        let t3 = now()
        precondition(read.count == options.firms)
        let text = copyText(read)
        let bare = try await database.client.withConnection { connection in
            try await connection.query("DROP TABLE IF EXISTS bare", logger: logger)
            try await connection.query(
                """
                CREATE TABLE bare (id bigint, batch_id bigint, uscc char(18), as_of date, score integer,
                    pd double precision, grade text, input_fingerprint text, body text COMPRESSION lz4, prev_hash text,
                    hash text)
                """, logger: logger)
            let start = now()
            try await connection.copyFrom(table: "bare", logger: logger) { writer in
                var rest = text
                while let chunk = rest.readSlice(length: min(rest.readableBytes, 1 << 20)), chunk.readableBytes > 0 {
                    try await writer.write(chunk)
                }
            }
            return now() - start
        }
        let mib = Double(drafts.reduce(0) { $0 + $1.body.count }) / 1_048_576
        let write = t2 - t1
        print(String(format: "%d,%d,%.2f,%.2f,%.0f,%.1f,%.1f,%.2f,%.2f,%.2f", options.firms, batch, canonical, write,
                     Double(options.firms) / write, mib, mib / write, t3 - t2, bare, bare / write))
        log("batch \(written.id): \(options.firms) snapshots written in \(String(format: "%.2f", write)) s")
    }
}
