import ArgumentParser
import Foundation
import FundChainIngest
import FundChainStore

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load CSV files of firms, accounts or statement entries, or bank statements, validating every row.",
        discussion: """
            Every row read ends loaded, duplicate (already in the database) or rejected (stored in \
            ingest_rejects with its line, field and reason). Load firms, then accounts, then transactions.
            Transactions may also be bank statements: ISO 20022 camt.053 (001.02-001.13) or SWIFT MT940; \
            each statement's opening balance + entries is checked against its closing balance and \
            reported (see docs/statement-formats.md). Files are streamed: memory stays constant whatever \
            their size.
            """)

    @Argument(help: "What the files hold: firms, accounts or transactions.")
    var kind: IngestKindArgument

    @Argument(
        help:
            "Files: CSV (UTF-8 with or without BOM, header row, any column order) or, for transactions, camt.053 / MT940 statements."
    )
    var files: [String]

    @Option(help: "Input format: csv, camt053 or mt940 (default: detected from each file's first bytes).")
    var format: StatementFormat?

    @Option(
        help:
            "Bank code for every statement in the files (camt053/mt940), when they do not name their bank or name it differently from accounts.csv."
    )
    var bank: String?

    @Flag(help: "Reject the whole file if any row is bad: load all of it or nothing.")
    var strict = false

    @Option(help: "Rows per database transaction.")
    var batchSize = 50_000

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if kind.kind != .transactions, let format, format != .csv {
            throw ValidationError("--format \(format.rawValue) is only for transactions; firms and accounts are CSV")
        }
        if let bank, bank.isEmpty || bank.count > 16 || !bank.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        {
            throw ValidationError("--bank must be 1-16 letters and digits")
        }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("\(file): no such readable file")
        }
    }

    func run() async throws {
        let logger = CLILogger.make()
        let kind = self.kind.kind
        let options = IngestOptions(strict: strict, batchSize: batchSize) { p in
            let fraction = p.fileBytes > 0 ? Double(p.bytesRead) / Double(p.fileBytes) : nil
            Terminal.progress(
                "ingest \(kind.rawValue)", fraction: fraction,
                detail: "\(p.read) read, \(p.loaded) loaded, \(p.duplicate) duplicate, \(p.rejected) rejected")
        }
        let files = self.files
        let json = self.json
        let format = self.format
        let bank = self.bank
        let failed = try await database.withDatabase(logger: logger) { db in
            var failed = false
            for file in files {
                let summary: IngestSummary
                var statements: StatementIngestSummary?
                do {
                    let fileFormat = kind == .transactions ? try format ?? StatementFormat.detect(path: file) : .csv
                    if fileFormat == .csv {
                        summary = try await Ingestor(database: db).ingest(kind, path: file, options: options)
                    } else {
                        let s = try await StatementIngestor(database: db).ingest(
                            path: file, format: fileFormat, bank: bank, options: options)
                        statements = s
                        summary = s.summary
                    }
                } catch {
                    Terminal.endProgress()
                    Terminal.note("error: \(error)")
                    failed = true
                    continue
                }
                Terminal.endProgress()
                if json {
                    print(statements?.json ?? summary.json)
                } else {
                    print(summary.text)
                    if let statements { print(statements.text) }
                }
                if summary.status != "completed" { failed = true }
            }
            return failed
        }
        if failed { throw ExitCode(ExitCodes.ingestFailed) }
    }
}

struct IngestKindArgument: ExpressibleByArgument {
    let kind: IngestKind
    init?(argument: String) {
        guard let kind = IngestKind(rawValue: argument), Self.kinds.contains(kind) else { return nil }
        self.kind = kind
    }
    /// Consents have their own command (`fundchain consent import`), run by another role.
    static let kinds: [IngestKind] = [.firms, .accounts, .transactions]
    static var allValueStrings: [String] { kinds.map(\.rawValue) }
}

/// Named exit codes.
enum ExitCodes {
    /// A file could not be ingested (or a strict ingest rejected rows).
    static let ingestFailed: Int32 = 2
}

extension IngestSummary {
    var text: String {
        var lines = [
            "\(file): \(kind.rawValue) \(status) (run \(runID), \(String(format: "%.2f", seconds)) s, \(Int(Double(read) / max(seconds, 1e-9))) rows/s)",
            "  read \(read) = loaded \(loaded) + duplicate \(duplicate) + rejected \(rejected)",
        ]
        if !rejectsByReason.isEmpty {
            lines.append(
                "  rejects by reason: "
                    + rejectsByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            )
            lines += firstRejects.map { "  " + $0 }
            if rejected > firstRejects.count {
                lines.append("  … all \(rejected) in ingest_rejects (run_id = \(runID))")
            }
        }
        if !ignoredColumns.isEmpty { lines.append("  ignored columns: " + ignoredColumns.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    var json: String {
        struct Payload: Encodable {
            var run_id: Int64, kind: String, file: String, sha256: String, status: String
            var read: Int, loaded: Int, duplicate: Int, rejected: Int, seconds: Double
            var rejects_by_reason: [String: Int]
        }
        let payload = Payload(
            run_id: runID, kind: kind.rawValue, file: file, sha256: sha256, status: status, read: read, loaded: loaded,
            duplicate: duplicate, rejected: rejected, seconds: seconds, rejects_by_reason: rejectsByReason)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(payload), as: UTF8.self)
    }
}

extension StatementFormat: ExpressibleByArgument {
    /// Detects the format from the file's first 4 KiB.
    static func detect(path: String) throws -> StatementFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("\(path): cannot open") }
        defer { try? handle.close() }
        return detect(handle.readData(ofLength: 4096))
    }
}

extension StatementIngestSummary {
    /// The reconciliation lines under the usual summary.
    var text: String {
        var lines = [
            "  statements \(statements.count): \(statements.balanced) balanced, \(statements.mismatched) do not reconcile, \(statements.unchecked) not checked"
                + (statements.notBooked > 0 ? "; \(statements.notBooked) entries not booked (skipped)" : "")
        ]
        let shown = statements.kept.filter { $0.status != .balanced }.prefix(10)
        lines += (shown.isEmpty ? statements.kept.prefix(3) : shown).map { "  " + $0.description }
        return lines.joined(separator: "\n")
    }

    var json: String {
        let base = summary.json
        return String(base.dropLast()) + ",\"format\":\"\(format.rawValue)\",\"statements\":\(statements.json)}"
    }
}
