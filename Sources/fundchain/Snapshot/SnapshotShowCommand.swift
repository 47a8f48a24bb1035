import ArgumentParser
import Foundation
import FundChainCore
import FundChainReports
import FundChainStore

/// `fundchain snapshot show ID`: one snapshot, as `fundchain profile` shows a firm's latest.
struct SnapshotShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one snapshot: score, PD, grade, reasons with evidence, every feature, its place in the chain.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, html }

    @OptionGroup var snapshot: SnapshotIDArgument

    @Option(
        help:
            "Output format: table (for people), json (the exact stored body with id, batch, hash, prev_hash) or html (the printable report of `snapshot export`)."
    )
    var format = Format.table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let (id, format) = (snapshot.id, self.format)
        let output = try await database.withDatabase(logger: CLILogger.make()) { db -> [UInt8] in
            let store = SnapshotStore(database: db)
            switch format {
            case .html: return Array(SnapshotReportHTML.render(try await SnapshotLoad.report(id, store: store)).utf8)
            case .json: return SnapshotJSON.envelope(try await SnapshotLoad.snapshot(id, store: store))
            case .table:
                let snapshot = try await SnapshotLoad.snapshot(id, store: store)
                var text = ProfileText.render(snapshot: snapshot, body: try SnapshotBody(parsing: snapshot.body))
                text += "\n\nprev hash \(snapshot.prevHash ?? "none (the firm's first snapshot)")\n"
                return Array(text.utf8)
            }
        }
        StandardOutput.write(output)
    }
}
