import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain scores`: every firm of a snapshot batch.
struct ScoresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "List every firm's score in a snapshot batch (default: the latest) as CSV or JSON.",
        discussion: "CSV header: uscc,score,pd,grade,snapshot_id,hash")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(help: "Snapshot batch id (default: the latest batch).")
    var batch: Int64?

    @Option(help: "Output format: csv or json (one array of objects).")
    var format = Format.csv

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let requested = batch
        let snapshots = try await database.withDatabase(logger: CLILogger.make()) { db -> [StoredSnapshot]? in
            let store = SnapshotStore(database: db)
            let id: Int64?
            if let requested {
                id = try await store.batch(id: requested)?.id
            } else {
                id = try await store.latestBatch()?.id
            }
            guard let id else { return nil }
            return try await store.snapshots(batch: id)
        }
        guard let snapshots else {
            Terminal.note(
                requested.map { "error: no snapshot batch \($0)" }
                    ?? "error: no snapshot batch yet: run `fundchain build` first")
            throw ExitCode(2)
        }
        var out = format == .csv ? "uscc,score,pd,grade,snapshot_id,hash\n" : "["
        for (i, s) in snapshots.enumerated() {
            switch format {
            case .csv:
                out += "\(s.uscc),\(s.score),\(formatPD(s.pd)),\(csvField(s.grade)),\(s.id),\(s.hash)\n"
            case .json:
                let row: JSONValue = [
                    "uscc": .string(s.uscc), "score": .int(Int64(s.score)), "pd": .double(s.pd),
                    "grade": .string(s.grade),
                    "snapshot_id": .int(s.id), "hash": .string(s.hash),
                ]
                out += (i > 0 ? ",\n" : "\n") + String(decoding: row.canonicalBytes(), as: UTF8.self)
            }
            if out.utf8.count > 1 << 20 {
                StandardOutput.write(out)
                out = ""
            }
        }
        if format == .json { out += "\n]\n" }
        StandardOutput.write(out)
    }
}
