import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain products load|list|match`: the finance product catalog (docs/products-format.md).
struct ProductsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "products",
        abstract:
            "Load the finance product catalog, list it, and match a firm to it (format: docs/products-format.md).",
        subcommands: [ProductsLoadCommand.self, ProductsListCommand.self, ProductsMatchCommand.self]
    )
}

/// Exit codes of the products commands.
enum ProductsExitCode {
    /// The catalog is invalid or unreadable (message on stderr).
    static let badCatalog = ExitCode(2)
    /// No catalog loaded, or no snapshot of the firm.
    static let notFound = ExitCode(3)
}

struct ProductsLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Validate products/*.yaml and store it as a new catalog version (a no-op when unchanged).",
        discussion: """
            Prints `catalog <version> <sha256> new|unchanged` on stdout. Without DIR, reads \
            ./products, or the compiled-in starter catalog when that directory does not exist.
            """)

    @Argument(help: ArgumentHelp("Directory of product files (*.yaml).", valueName: "dir"))
    var directory: String = EmbeddedProducts.directory

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        if exists, !isDirectory.boolValue { throw ValidationError("\(directory) is not a directory") }
        if !exists, directory != EmbeddedProducts.directory { throw ValidationError("\(directory): no such directory") }
    }

    /// The directory's `*.yaml` files, or the compiled-in catalog for the default directory when absent.
    static func files(in directory: String) throws -> [(name: String, yaml: String)] {
        guard FileManager.default.fileExists(atPath: directory) || directory != EmbeddedProducts.directory else {
            Terminal.note("\(directory)/ not found: loading the compiled-in starter catalog")
            return EmbeddedProducts.files  // the files' texts, byte for byte
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
            .sorted()
        return try names.map { name in
            (name, try String(contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8))
        }
    }

    func run() async throws {
        let files = try Self.files(in: directory)
        let source = directory
        do {
            let (version, created) = try await database.withDatabase(logger: CLILogger.make()) { db in
                try await ProductCatalogStore(database: db).load(files: files, source: source)
            }
            Terminal.note(
                created
                    ? "stored catalog version \(version.id) with \(version.productCount) products"
                    : "catalog unchanged: version \(version.id) already holds these files")
            StandardOutput.write("catalog \(version.id) \(version.sha256) \(created ? "new" : "unchanged")\n")
        } catch let error as ProductCatalogError {
            Terminal.note("error: \(directory)/\(error.message)")
            throw ProductsExitCode.badCatalog
        }
    }
}

struct ProductsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the products of the current catalog version.")

    @Option(help: "Output format: table (for people) or json.")
    var format = TableOrJSON.table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let version = try await database.withDatabase(logger: CLILogger.make()) { db in
            try await ProductCatalogStore(database: db).latest()
        }
        guard let version else {
            Terminal.note("error: no product catalog loaded (run `fundchain products load`)")
            throw ProductsExitCode.notFound
        }
        let products = version.catalog.products
        switch format {
        case .json:
            let list: JSONValue = .object([
                "catalog": .int(version.id), "sha256": .string(version.sha256),
                "products": .array(
                    products.map { p in
                        .object([
                            "product": .string(p.id), "name": .string(p.name), "lender": .string(p.lender),
                            "kind": .string(p.kind), "file": .string(p.file),
                            "grades": .array((p.rules.grades ?? ProductCatalog.grades).map { .string($0) }),
                            "min_yuan": .int(p.limit.min.fen / 100), "max_yuan": .int(p.limit.max.fen / 100),
                            "rate_bp": .object(p.pricing.spreadBP.mapValues { .int(Int64(p.pricing.baseBP + $0)) }),
                        ])
                    }),
            ])
            StandardOutput.write(list.canonicalBytes() + [0x0A])
        case .table:
            var rows = [["product", "name", "kind", "grades", "limit (yuan)", "rate"]]
            for p in products {
                let rates = p.pricing.spreadBP.values.map { p.pricing.baseBP + $0 }
                rows.append([
                    p.id, p.name, p.kind, (p.rules.grades ?? ["any"]).joined(separator: " "),
                    "\(p.limit.min.wholeYuan)–\(p.limit.max.wholeYuan)",
                    "\(ProductText.rate(rates.min() ?? 0))–\(ProductText.rate(rates.max() ?? 0))",
                ])
            }
            Terminal.note(
                "catalog version \(version.id) (sha256 \(version.sha256.prefix(12))…), loaded \(version.loadedAt) from \(version.source)"
            )
            StandardOutput.write(DisplayWidth.table(rows).joined(separator: "\n") + "\n")
        }
    }
}

struct ProductsMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract:
            "Match a firm's latest snapshot to the current catalog: eligible products, limits, rates, and why not.")

    @OptionGroup var firm: FirmArgument

    @Option(help: "Output format: table (for people) or json.")
    var format = TableOrJSON.table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let code = firm.code
        let (snapshot, version) = try await database.withDatabase(logger: CLILogger.make()) { db in
            (
                try await SnapshotStore(database: db).latestSnapshot(firm: code),
                try await ProductCatalogStore(database: db).latest()
            )
        }
        guard let version else {
            Terminal.note("error: no product catalog loaded (run `fundchain products load`)")
            throw ProductsExitCode.notFound
        }
        guard let snapshot else {
            Terminal.note("error: no snapshot of \(code) (is the firm loaded, and has `fundchain build` run?)")
            throw ProductsExitCode.notFound
        }
        let body = try SnapshotBody(parsing: snapshot.body)
        let result = ProductMatcher(catalog: version.catalog).match(snapshot: body)
        switch format {
        case .json:
            var json = result.json
            if case .object(var root) = json {
                root["uscc"] = .string(code)
                root["snapshot_id"] = .int(snapshot.id)
                root["catalog"] = .int(version.id)
                root["score"] = .object([
                    "points": .int(Int64(snapshot.score)), "pd": .number(snapshot.pd), "grade": .string(snapshot.grade),
                ])
                json = .object(root)
            }
            StandardOutput.write(json.canonicalBytes() + [0x0A])
        case .table:
            var lines = [
                "\(body.firm.name)  \(code)",
                "score \(snapshot.score) · grade \(snapshot.grade) · snapshot \(snapshot.id) (as of \(snapshot.asOf)) · catalog \(version.id)",
                "",
            ]
            lines += ProductText.render(result)
            StandardOutput.write(lines.joined(separator: "\n") + "\n")
        }
    }
}

/// Matches as text for people.
enum ProductText {
    /// Basis points as a percentage: 445 → "4.45 %".
    static func rate(_ bp: Int) -> String {
        let cents = bp % 100
        return "\(bp / 100).\(cents < 10 ? "0" : "")\(cents) %"
    }

    static func render(_ result: ProductMatchResult) -> [String] {
        var lines: [String] = []
        if result.eligible.isEmpty {
            lines.append("Eligible: none")
        } else {
            lines.append("Eligible (by fit, then rate)")
            var rows = [["", "product", "name", "limit (yuan)", "rate", "fit"]]
            for (i, m) in result.eligible.enumerated() {
                rows.append([
                    "\(i + 1).", m.productID, m.name, m.limit.map { $0.wholeYuan } ?? "–", m.rateBP.map(rate) ?? "–",
                    "\(m.fit)",
                ])
            }
            lines += DisplayWidth.table(rows, rightAligned: [3, 4, 5]).map { "  " + $0 }
        }
        if !result.ineligible.isEmpty {
            lines.append("")
            lines.append("Not eligible")
            for m in result.ineligible {
                lines.append("  \(m.productID)  \(m.name)")
                for failure in m.failures { lines.append("    – \(failure.text)") }
            }
        }
        return lines
    }
}
