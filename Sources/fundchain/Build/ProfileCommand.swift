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
        let body = try SnapshotBody(parsing: snapshot.body)
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
    static func render(snapshot: StoredSnapshot, body: SnapshotBody, features showFeatures: Bool = true) -> String {
        var lines: [String] = []
        let firm = body.firm
        let industryName = (try? IndustryCode(firm.industry))?.name ?? ""
        let regionCode = try? RegionCode(firm.region)
        let place = [regionCode?.district?.name, regionCode?.name].compactMap { $0 }.joined(separator: " ")
        lines.append("\(firm.name)  \(snapshot.uscc)")
        lines.append(
            "industry \(firm.industry) \(industryName) · region \(firm.region) \(place) · founded \(firm.foundedOn)"
                + (firm.isCore ? " · core enterprise" : ""))
        lines.append(
            "as of \(snapshot.asOf), window \(body.window.span) · model \(body.model.id) v\(body.model.version)")
        lines.append("snapshot \(snapshot.id) in batch \(snapshot.batchID) · hash \(snapshot.hash)")
        lines.append("")
        lines.append(
            "Score \(snapshot.score) · PD \(FeatureFormat.decimal(snapshot.pd * 100, places: 2)) % · grade \(snapshot.grade)"
        )
        if !body.reasons.isEmpty { lines.append("Reasons") }
        for (i, reason) in body.reasons.enumerated() {
            lines.append("  \(i + 1). \(reason.code) \(reason.text) (−\(reason.pointsLost) points)")
            for item in reason.evidence { lines.append("     \(item.text)") }
        }
        lines += productLines(body.products)
        guard showFeatures else { return lines.joined(separator: "\n") }
        lines.append("")
        lines.append("Features")
        for family in FeatureDefinition.Family.allCases {
            let members = ProfileCatalog.definitions.filter { $0.family == family }
            var rows: [[String]] = []
            for d in members {
                guard let value = body.features.values[d.name] else { continue }
                let scored = body.featurePoints[d.name].map { "\($0) pts" } ?? ""
                rows.append(["    " + d.name, FeatureFormat.text(value, unit: d.unit), scored, d.window])
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
    static func productLines(_ products: SnapshotBody.Products?) -> [String] {
        guard let products else { return [] }
        let eligible = products.eligible
        let catalog = "catalog \(products.catalogID)"
        var lines = [
            "", eligible.isEmpty ? "Products (\(catalog)): none eligible" : "Products (\(catalog)), by fit then rate",
        ]
        var rows: [[String]] = []
        for (i, m) in eligible.enumerated() {
            rows.append([
                "\(i + 1).", m.product, m.name, m.limitYuan.map { "¥" + Money(fen: $0 * 100).wholeYuan } ?? "–",
                m.annualRateBP.map { ProductText.rate($0) } ?? "–",
            ])
        }
        lines += DisplayWidth.table(rows, rightAligned: [3, 4]).map { "  " + $0 }
        let ineligible = products.ineligible.map(\.product)
        if !ineligible.isEmpty {
            lines.append("  not eligible for \(ineligible.count): " + ineligible.joined(separator: ", "))
            lines.append(
                "  (`fundchain products match USCC` gives each failed rule with the firm's value and the threshold)")
        }
        return lines
    }
}
