import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain snapshot diff ID1 ID2`: what changed between two snapshots and what moved the score.
struct SnapshotDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "Compare two snapshots: features changed (old → new, by how much), points each moved, data vs model effect.",
        discussion: """
            The score change splits into the model effect (ID1's features re-scored with ID2's model, minus ID1's score) \
            and the data effect (ID2's score minus that re-score). Two different firms are compared with a warning.
            """)

    @Argument(help: "The older snapshot's id.")
    var old: Int64

    @Argument(help: "The newer snapshot's id.")
    var new: Int64

    @Option(help: "Output format: table (for people) or json.")
    var format = TableOrJSON.table

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard old > 0, new > 0 else { throw ValidationError("snapshot ids must be positive") }
    }

    func run() async throws {
        let (oldID, newID) = (old, new)
        let diff = try await database.withDatabase(logger: CLILogger.make()) { db in
            let store = SnapshotStore(database: db)
            let a = try SnapshotBody(parsing: try await SnapshotLoad.snapshot(oldID, store: store).body)
            let b = try SnapshotBody(parsing: try await SnapshotLoad.snapshot(newID, store: store).body)
            return SnapshotDiff(
                old: a, new: b, oldCard: try await SnapshotLoad.card(of: a, store: store),
                newCard: try await SnapshotLoad.card(of: b, store: store))
        }
        if !diff.sameFirm {
            Terminal.note(
                "warning: snapshots \(oldID) and \(newID) are of different firms (\(diff.old.uscc), \(diff.new.uscc))")
        }
        switch format {
        case .table: StandardOutput.write(SnapshotDiffText.table(diff, ids: (oldID, newID)))
        case .json: StandardOutput.write(SnapshotDiffText.json(diff, ids: (oldID, newID)).canonicalBytes() + [0x0A])
        }
    }
}

/// A `SnapshotDiff` for people (table) and programs (json).
enum SnapshotDiffText {
    static func table(_ diff: SnapshotDiff, ids: (Int64, Int64)) -> String {
        let (a, b) = (diff.old, diff.new)
        var lines: [String] = []
        let firm = diff.sameFirm ? "firm \(a.uscc)" : "firms \(a.uscc) → \(b.uscc) (DIFFERENT FIRMS)"
        lines.append("snapshot \(ids.0) → \(ids.1) · \(firm) · as of \(a.asOf) → \(b.asOf)")
        lines.append(
            "score \(text(a.points)) → \(text(b.points)) (\(signed(diff.scoreChange))) · PD \(percent(a.pd)) → \(percent(b.pd))"
                + " · grade \(a.grade) → \(b.grade)")
        if let rescored = diff.rescoredOld {
            lines.append(
                "  data effect \(signed(diff.dataEffect)) (new data, same model) · model effect \(signed(diff.modelEffect))"
                    + " (snapshot \(ids.0)'s features re-scored with \(b.model.label): \(rescored))")
        }
        if diff.modelChanged {
            lines += diff.modelChanges
        } else {
            lines.append("model unchanged: \(a.model.label) (sha256 \(a.model.sha256.prefix(12))…)")
        }
        lines.append("")
        if diff.features.isEmpty {
            lines.append("no feature changed")
        } else {
            lines.append("features changed (\(diff.features.count)), largest score movers first")
            var rows = [["  feature", "old", "new", "change", "points", "moved", "from data"]]
            for c in diff.features {
                let scored = c.oldPoints != nil || c.newPoints != nil
                rows.append([
                    "  " + c.name, value(c.old), value(c.new), c.delta.map(delta) ?? "",
                    scored ? "\(text(c.oldPoints)) → \(text(c.newPoints))" : "", scored ? signed(c.pointsMoved) : "",
                    c.dataPoints.map { signed($0) } ?? "",
                ])
            }
            lines += DisplayWidth.table(rows, rightAligned: [1, 2, 3, 5, 6])
        }
        if !diff.otherChanges.isEmpty {
            lines.append("other body keys changed: " + diff.otherChanges.joined(separator: ", "))
        }
        if a.reasons != b.reasons {
            lines.append("reasons \(a.reasons.joined(separator: ", ")) → \(b.reasons.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ diff: SnapshotDiff, ids: (Int64, Int64)) -> JSONValue {
        func side(_ s: SnapshotDiff.Side, id: Int64) -> JSONValue {
            [
                "snapshot_id": .int(id), "uscc": .string(s.uscc), "as_of": .string(s.asOf),
                "points": .int(Int64(s.points)), "pd": .number(s.pd),
                "grade": .string(s.grade), "reasons": .array(s.reasons.map { .string($0) }),
                "model": [
                    "id": .string(s.model.id), "version": .string(s.model.version), "sha256": .string(s.model.sha256),
                ],
            ]
        }
        func int(_ x: Int?) -> JSONValue { x.map { .int(Int64($0)) } ?? .null }
        return [
            "old": side(diff.old, id: ids.0), "new": side(diff.new, id: ids.1), "same_firm": .bool(diff.sameFirm),
            "score_change": .int(Int64(diff.scoreChange)), "rescored_old": int(diff.rescoredOld),
            "model_effect": int(diff.modelEffect), "data_effect": int(diff.dataEffect),
            "model_changed": .bool(diff.modelChanged), "model_changes": .array(diff.modelChanges.map { .string($0) }),
            "other_changes": .array(diff.otherChanges.map { .string($0) }),
            "features": .array(
                diff.features.map { c in
                    [
                        "name": .string(c.name), "old": c.old.map { SnapshotBody.json($0) } ?? .null,
                        "new": c.new.map { SnapshotBody.json($0) } ?? .null,
                        "delta": c.delta.map { .number($0) } ?? .null, "old_points": int(c.oldPoints),
                        "new_points": int(c.newPoints), "points_moved": .int(Int64(c.pointsMoved)),
                        "data_points": int(c.dataPoints),
                    ]
                }),
        ]
    }

    static func text(_ x: Int?) -> String { x.map(String.init) ?? "–" }
    static func signed(_ x: Int?) -> String { x.map { $0 > 0 ? "+\($0)" : $0 < 0 ? "−\(-$0)" : "0" } ?? "–" }
    static func percent(_ pd: Double?) -> String { pd.map { FeatureFormat.decimal($0 * 100, places: 2) + " %" } ?? "–" }
    static func delta(_ x: Double) -> String { (x > 0 ? "+" : "") + plain(x) }

    /// A feature value as stored: numbers in their shortest form, texts as they are, `null` as –.
    static func value(_ v: FeatureValue?) -> String {
        switch v {
        case nil: "(absent)"
        case .missing?: "–"
        case .category(let s)?: s
        case .number(let x)?: plain(x)
        }
    }

    static func plain(_ x: Double) -> String { String(decoding: JSONValue.number(x).canonicalBytes(), as: UTF8.self) }
}
