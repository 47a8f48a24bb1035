import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain model list`: the stored scoring models and the promotion history, the current
/// champion marked (docs/models.md).
struct ModelListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scoring models builds have used and the promotions, marking the current champion.",
        discussion: """
            Models: sha256 (12 hex digits in the table, whole in JSON), id, version, when first stored. \
            Promotions, oldest first: who, when, the note, the model and the backtest it rested on. \
            The champion is the latest promotion's model; before the first promotion, builds use \
            the compiled-in \(EmbeddedModel.path).
            """)

    @Option(help: "Output format: table (for people) or json.")
    var format = TableOrJSON.table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let (models, promotions) = try await database.withDatabase(logger: CLILogger.make()) { db in
            let registry = ModelRegistryStore(database: db)
            return (try await registry.models(), try await registry.promotions())
        }
        let champion = promotions.last?.modelSHA256
        switch format {
        case .json:
            let json: [String: Any] = [
                "champion": champion as Any? ?? NSNull(),
                "models": models.map { m in
                    [
                        "sha256": m.sha256, "id": m.id, "version": m.version, "loaded_at": Self.time(m.loadedAt),
                        "champion": m.sha256 == champion,
                    ] as [String: Any]
                },
                "promotions": promotions.map { p in
                    [
                        "id": p.id, "model_sha256": p.modelSHA256, "model_id": p.modelID, "version": p.version,
                        "promoted_by": p.promotedBy, "promoted_at": Self.time(p.promotedAt), "note": p.note,
                        "evidence": p.evidence.map { Self.object($0.json) } ?? NSNull(),
                    ] as [String: Any]
                },
            ]
            let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            StandardOutput.write(Array(data))
            StandardOutput.write("\n")
        case .table:
            var out = "Models (scoring_models):\n  sha256        model\tversion\tloaded_at\n"
            for m in models {
                out +=
                    (m.sha256 == champion ? "* " : "  ")
                    + "\(m.sha256.prefix(12))  \(m.id)\t\(m.version)\t\(Self.time(m.loadedAt))"
                    + (m.sha256 == champion ? "\tchampion" : "") + "\n"
            }
            if promotions.isEmpty {
                out += "No promotion yet: builds without --model use the compiled-in \(EmbeddedModel.path).\n"
            } else {
                out += "Promotions (model_promotions), oldest first; * marks the current champion:\n"
                for (n, p) in promotions.enumerated() {
                    out +=
                        (n == promotions.count - 1 ? "* " : "  ")
                        + "#\(p.id) \(Self.time(p.promotedAt)) by \(p.promotedBy): \(p.modelID) v\(p.version) (sha256 \(p.modelSHA256.prefix(12))…)\n"
                    out += "    note: \(p.note)\n"
                    out += "    evidence: \(p.evidence?.text ?? "unreadable")\n"
                }
            }
            StandardOutput.write(out)
        }
    }

    /// UTC, RFC 3339 to the second.
    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// A JSON value as Foundation objects, for `JSONSerialization`.
    static func object(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let b): b
        case .int(let i): i
        case .double(let d): d
        case .string(let s): s
        case .array(let a): a.map(object)
        case .object(let o): o.mapValues(object)
        }
    }
}
