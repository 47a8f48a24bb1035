// Snapshot write benchmark: N firms' snapshot bodies (~3 KB of canonical JSON each, seeded)
// written as consecutive batches through SnapshotStore.writeBatch into a throwaway managed
// PostgreSQL. The first batch starts every chain; later ones read each firm's previous hash.
//
//   snapshot-bench [--firms 100000] [--batches 2] [--seed 7] [--home DIR]
import Foundation
import FundChainCore
import FundChainStore
import Logging

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

let options = Options(Array(CommandLine.arguments.dropFirst()))
var logger = Logger(label: "fundchain.bench")
logger.logLevel = .warning
func now() -> Double { Date().timeIntervalSince1970 }
func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }

try FileManager.default.createDirectory(atPath: options.home, withIntermediateDirectories: true)
let cluster = try LocalCluster(home: options.home)
try cluster.start()
defer { try? cluster.stop() }
try await LocalDatabase.ensureDatabase(cluster, name: "snapshot_bench", logger: logger)
var configuration = cluster.configuration
configuration.database = "snapshot_bench"

let model = SnapshotModel(id: "sme-cashflow", version: "1", body: "id: sme-cashflow\nversion: 1\n")
let usccs = (0..<options.firms).map { "91500000" + String(format: "%09d", $0) + "X" }
print("firms,batch,canonical_s,write_s,rows_per_s,body_mib,mib_per_s,read_s")
try await Database.with(configuration, logger: logger) { database in
    _ = try await Migrator().migrate(database)
    let store = SnapshotStore(database: database)
    for batch in 1...options.batches {
        var rng = SeededGenerator(seed: options.seed &+ UInt64(batch))
        let t0 = now()
        let drafts = usccs.map { uscc in
            let bytes = body(uscc: uscc, batch: batch, rng: &rng).canonicalBytes()
            return SnapshotDraft(uscc: uscc, score: 600, pd: 0.02, grade: "BB", inputFingerprint: "fp", body: bytes)
        }
        let t1 = now()
        let written = try await store.writeBatch(asOf: CalendarDate(year: 2025, month: 12, day: 31)!, windowMonths: 12,
                                                 model: model, drafts: drafts)
        let t2 = now()
        let read = try await store.snapshots(batch: written.id)
        let t3 = now()
        precondition(read.count == options.firms)
        let mib = Double(drafts.reduce(0) { $0 + $1.body.count }) / 1_048_576
        let write = t2 - t1
        print(String(format: "%d,%d,%.2f,%.2f,%.0f,%.1f,%.1f,%.2f", options.firms, batch, t1 - t0, write,
                     Double(options.firms) / write, mib, mib / write, t3 - t2))
        log("batch \(written.id): \(options.firms) snapshots written in \(String(format: "%.2f", write)) s")
    }
}
