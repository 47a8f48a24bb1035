import ArgumentParser
import Foundation
import FundChainCore
import FundChainIngest

/// `fundchain model fit|validate|score`: scorecard development on CSV files.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract:
            "Fit, validate and apply points scorecards (docs/scorecard-format.md); list and promote the models builds use (docs/models.md).",
        subcommands: [
            ModelFitCommand.self, ModelValidateCommand.self, ModelScoreCommand.self, ModelListCommand.self,
            ModelPromoteCommand.self,
        ]
    )
}

/// Exit codes of the model commands.
enum ModelExitCode {
    /// The data file or the card is unusable (message on stderr).
    static let badInput = ExitCode(2)
    /// `--min-auc` or another requested check failed.
    static let checkFailed = ExitCode(3)
}

/// Reading CSV files and cards for the model commands.
enum ModelFiles {
    /// The file's bytes and its rows as a text table (header = first record).
    static func readTable(_ path: String) throws -> (bytes: [UInt8], table: TextTable) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("\(path): cannot read the file")
        }
        let bytes = [UInt8](data)
        var parser = CSVParser()
        var header: [String]? = nil
        var rows: [[String]] = []
        var lines: [Int] = []
        let body: (borrowing CSVRow) throws -> Void = { row in
            let fields = (0..<row.count).map { row.string($0) }
            if header == nil {
                header = fields
            } else {
                rows.append(fields)
                lines.append(row.line)
            }
        }
        do {
            try bytes.withUnsafeBytes { try parser.feed($0, body) }
            try parser.finish(body)
        } catch let error as CSVParser.ParseError {
            throw fail("\(path): \(error)")
        }
        guard let header else { throw fail("\(path): the file is empty (no header)") }
        return (bytes, TextTable(header: header, rows: rows, lines: lines))
    }

    static func readCard(_ path: String) throws -> Scorecard {
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("\(path): cannot read the file") }
        do {
            return try Scorecard.load(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw fail("\(path): \(error)")
        }
    }

    /// Prints `message` on stderr and returns the bad-input exit code to throw.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ModelExitCode.badInput
    }

    static func log(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { DecimalText.trimmed($0) }.filter { !$0.isEmpty }
    }
}

struct ModelScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every row of a CSV file; prints CSV `id,score,pd,grade,reasons` on stdout.",
        discussion: """
            Every field is read as text and interpreted by the card: numeric features parse it, \
            categorical features match it exactly (trimmed); blank is missing. Reasons are up to \
            four reason codes joined by ';'.
            """
    )

    @Option(help: "The scorecard YAML file.") var model: String
    @Option(help: "The CSV file to score (header row required).") var data: String
    @Option(help: "Column holding the row id (default: the 1-based row number).") var idColumn: String?

    func run() async throws {
        let card = try ModelFiles.readCard(model)
        let (_, table) = try ModelFiles.readTable(data)
        let columns: [Int]
        let ids: [String]
        do {
            columns = try card.features.map { feature throws(ScorecardError) in try table.column(feature.name) }
            ids = try table.ids(column: idColumn)
        } catch {
            throw ModelFiles.fail("\(data): \(error)")
        }
        var out = "id,score,pd,grade,reasons\n"
        for r in 0..<table.rowCount {
            let result = card.score(table.featureVector(row: r, columns: columns))
            let reasons = result.reasons.map(\.code).joined(separator: ";")
            out +=
                "\(csvField(ids[r])),\(result.points),\(formatPD(result.pd)),\(csvField(result.grade)),\(csvField(reasons))\n"
            if out.utf8.count > 1 << 16 {
                StandardOutput.write(out)
                out = ""
            }
        }
        StandardOutput.write(out)
    }
}

/// A CSV field, quoted when it needs to be.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// A PD with six significant decimals.
func formatPD(_ pd: Double) -> String { String(format: "%.6f", pd) }
