import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain snapshot list`: snapshots without their bodies.
struct SnapshotListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List snapshots (id, batch, firm, as-of, score, grade, model, hash), oldest first.",
        discussion: "CSV header: id,batch,uscc,as_of,score,pd,grade,model,model_version,model_sha256,hash")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Option(help: "Only this firm's snapshots (its unified social credit code).")
    var firm: String?

    @Option(help: "Only this batch's snapshots.")
    var batch: Int64?

    @Option(help: "Output format: table (short hashes), csv or json (full hashes).")
    var format = Format.table

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let firm { do { _ = try USCC(firm) } catch { throw ValidationError("--firm \(firm): \(error)") } }
        if let batch, batch <= 0 { throw ValidationError("--batch must be positive, not \(batch)") }
    }

    func run() async throws {
        let firm = self.firm.flatMap { try? USCC($0).code }
        let (batch, format) = (self.batch, self.format)
        let count = try await database.withDatabase(logger: CLILogger.make()) { db in
            var out = SnapshotListWriter(format: format)
            try await SnapshotStore(database: db).forEachSummary(firm: firm, batch: batch) { out.add($0) }
            out.finish()
            return out.count
        }
        if count == 0 {
            Terminal.note("no snapshots" + (firm.map { " of \($0)" } ?? "") + (batch.map { " in batch \($0)" } ?? ""))
        }
    }
}

/// Writes the list as it streams: CSV and JSON at once, the table in pages of 1,000 rows (each
/// page aligned on its own, so memory stays bounded).
struct SnapshotListWriter {
    let format: SnapshotListCommand.Format
    private(set) var count = 0
    private var out = ""
    private var rows: [[String]] = []

    init(format: SnapshotListCommand.Format) {
        self.format = format
        switch format {
        case .csv: out = "id,batch,uscc,as_of,score,pd,grade,model,model_version,model_sha256,hash\n"
        case .json: out = "["
        case .table: rows = [Self.header]
        }
    }

    static let header = ["id", "batch", "uscc", "as_of", "score", "pd", "grade", "model", "hash"]

    mutating func add(_ s: SnapshotSummary) {
        switch format {
        case .csv:
            out += "\(s.id),\(s.batchID),\(s.uscc),\(s.asOf),\(s.score),\(formatPD(s.pd)),\(csvField(s.grade)),"
            out += "\(csvField(s.modelID)),\(csvField(s.modelVersion)),\(s.modelSHA256),\(s.hash)\n"
        case .json:
            let row: JSONValue = [
                "id": .int(s.id), "batch": .int(s.batchID), "uscc": .string(s.uscc), "as_of": .string(s.asOf),
                "score": .int(Int64(s.score)), "pd": .number(s.pd), "grade": .string(s.grade),
                "model": [
                    "id": .string(s.modelID), "version": .string(s.modelVersion), "sha256": .string(s.modelSHA256),
                ],
                "hash": .string(s.hash),
            ]
            out += (count > 0 ? ",\n" : "\n") + String(decoding: row.canonicalBytes(), as: UTF8.self)
        case .table:
            let model = s.modelID.isEmpty ? String(s.modelSHA256.prefix(12)) : "\(s.modelID) v\(s.modelVersion)"
            rows.append([
                String(s.id), String(s.batchID), s.uscc, s.asOf, String(s.score),
                FeatureFormat.decimal(s.pd * 100, places: 2) + " %",
                s.grade, model, String(s.hash.prefix(12)),
            ])
            if rows.count > 1_000 { flushTable() }
        }
        count += 1
        if out.utf8.count > 1 << 20 {
            StandardOutput.write(out)
            out = ""
        }
    }

    private mutating func flushTable() {
        guard rows.count > 1 || count == 0 else { return }
        out += DisplayWidth.table(rows, rightAligned: [0, 1, 4, 5]).joined(separator: "\n") + "\n"
        rows = [Self.header]
    }

    mutating func finish() {
        switch format {
        case .json: out += count > 0 ? "\n]\n" : "]\n"
        case .table: if count > 0 { flushTable() }
        case .csv: break
        }
        StandardOutput.write(out)
        out = ""
    }
}
