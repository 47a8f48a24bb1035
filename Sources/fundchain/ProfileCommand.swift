import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain profile USCC`: the firm's latest snapshot, readably.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show a firm's latest profile snapshot: score, PD, grade, reasons with evidence, every feature.")

    @OptionGroup var firm: FirmArgument

    @Option(help: "Output format: table (for people) or json (the snapshot with its canonical body).")
    var format = TableOrJSON.table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let code = firm.code
        let snapshot = try await database.withDatabase(logger: CLILogger.make()) { db in
            try await SnapshotStore(database: db).latestSnapshot(firm: code)
        }
        guard let snapshot else {
            Terminal.note("error: no snapshot of \(code) (is the firm loaded, and has `fundchain build` run?)")
            throw ExitCode(2)
        }
        let body = try JSONValue(parsing: snapshot.body)
        switch format {
        case .json:
            StandardOutput.write(SnapshotJSON.envelope(snapshot))
        case .table:
            print(ProfileText.render(snapshot: snapshot, body: body))
        }
    }
}

/// A snapshot as text for people.
enum ProfileText {
    static func render(snapshot: StoredSnapshot, body: JSONValue, features showFeatures: Bool = true) -> String {
        var lines: [String] = []
        let firm = body["firm"]
        let industry = firm?["industry"]?.stringValue ?? ""
        let region = firm?["region"]?.stringValue ?? ""
        let industryName = (try? IndustryCode(industry))?.name ?? ""
        let regionCode = try? RegionCode(region)
        let place = [regionCode?.district?.name, regionCode?.name].compactMap { $0 }.joined(separator: " ")
        lines.append("\(firm?["name"]?.stringValue ?? "")  \(snapshot.uscc)")
        lines.append(
            "industry \(industry) \(industryName) · region \(region) \(place) · founded \(firm?["founded_on"]?.stringValue ?? "–")"
                + (firm?["is_core"]?.boolValue == true ? " · core enterprise" : ""))
        let window = body["window"]
        lines.append(
            "as of \(snapshot.asOf), window \(window?["first_month"]?.stringValue ?? "")…\(window?["last_month"]?.stringValue ?? "") · "
                + "model \(body["model"]?["id"]?.stringValue ?? "") v\(body["model"]?["version"]?.stringValue ?? "")")
        lines.append("snapshot \(snapshot.id) in batch \(snapshot.batchID) · hash \(snapshot.hash)")
        lines.append("")
        lines.append("Score \(snapshot.score) · PD \(FeatureFormat.decimal(snapshot.pd * 100, places: 2)) % · grade \(snapshot.grade)")
        let reasons = body["reasons"]?.arrayValue ?? []
        if !reasons.isEmpty { lines.append("Reasons") }
        for (i, reason) in reasons.enumerated() {
            let lost = reason["points_lost"]?.intValue ?? 0
            lines.append("  \(i + 1). \(reason["code"]?.stringValue ?? "") \(reason["text"]?.stringValue ?? "") (−\(lost) points)")
            for item in reason["evidence"]?.arrayValue ?? [] { lines.append("     \(item["text"]?.stringValue ?? "")") }
        }
        lines += productLines(body["products"])
        guard showFeatures else { return lines.joined(separator: "\n") }
        lines.append("")
        lines.append("Features")
        let features = body["features"]
        let points = body["feature_points"]
        for family in FeatureDefinition.Family.allCases {
            let members = ProfileCatalog.definitions.filter { $0.family == family }
            var rows: [[String]] = []
            for d in members {
                guard let value = features?[d.name] else { continue }
                let shown = SnapshotBody.featureValue(value)
                let scored = points?[d.name]?.intValue.map { "\($0) pts" } ?? ""
                rows.append(["    " + d.name, FeatureFormat.text(shown, unit: d.unit), scored, d.window])
            }
            guard !rows.isEmpty else { continue }
            lines.append("  \(family.title)")
            lines.append(contentsOf: DisplayWidth.table(rows, rightAligned: [1, 2]))
        }
        return lines.joined(separator: "\n")
    }
}

extension ProfileText {
    /// The product matches the build stored (`products` in the body; docs/snapshots.md).
    static func productLines(_ products: JSONValue?) -> [String] {
        guard let products, case .object = products else { return [] }
        let eligible = products["eligible"]?.arrayValue ?? []
        let catalog = products["catalog_id"]?.intValue.map { "catalog \($0)" } ?? "catalog"
        var lines = ["", eligible.isEmpty ? "Products (\(catalog)): none eligible" : "Products (\(catalog)), by fit then rate"]
        var rows: [[String]] = []
        for (i, m) in eligible.enumerated() {
            rows.append([
                "\(i + 1).", m["product"]?.stringValue ?? "", m["name"]?.stringValue ?? "",
                m["limit_yuan"]?.intValue.map { "¥" + Money(fen: Int64($0) * 100).wholeYuan } ?? "–",
                m["annual_rate_bp"]?.intValue.map { ProductText.rate(Int($0)) } ?? "–",
            ])
        }
        lines += DisplayWidth.table(rows, rightAligned: [3, 4]).map { "  " + $0 }
        let ineligible = (products["ineligible"]?.arrayValue ?? []).compactMap { $0["product"]?.stringValue }
        if !ineligible.isEmpty {
            lines.append("  not eligible for \(ineligible.count): " + ineligible.joined(separator: ", "))
            lines.append("  (`fundchain products match USCC` gives each failed rule with the firm's value and the threshold)")
        }
        return lines
    }
}
