import ArgumentParser
import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore
import FundChainSynthetic

/// `fundchain demo`: the zero-configuration tour. Generates a synthetic region (or reuses one
/// generated before with the same parameters), starts the managed PostgreSQL, migrates, ingests
/// (the region's credit events too), prints what was loaded, loads the starter product catalog (unless one is loaded), builds
/// profiles, scores, product matches and snapshots, raises the early warnings against the previous
/// build (as `fundchain build` does), and shows one firm's profile.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Generate a synthetic region, load it into the managed PostgreSQL, summarise it, and build profiles and scores.",
        discussion: """
            Needs no configuration and no running server. Files go to $FUNDCHAIN_HOME/demo \
            (default ~/.fundchain/demo); running the demo again reuses them and loads nothing new. \
            The build signs its checkpoint with $FUNDCHAIN_HOME/keys/signing.key (made on first \
            use) and publishes it to $FUNDCHAIN_HOME/checkpoints.
            """)

    @Option(help: "Number of firms to generate.")
    var firms = 5_000

    @Option(help: "Months of statements to generate.")
    var months = 12

    @Option(help: "Random seed (the same seed gives the same region).")
    var seed: UInt64 = 42

    @OptionGroup var signing: SigningOptions

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard firms >= 50 else { throw ValidationError("--firms must be at least 50") }
        guard (1...120).contains(months) else { throw ValidationError("--months must be between 1 and 120") }
    }

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let directory = LocalCluster.defaultHome() + "/demo/firms\(firms)-months\(months)-seed\(seed)"
        if FileManager.default.fileExists(atPath: directory + "/manifest.json") {
            Terminal.note("demo: reusing the region generated in \(directory)")
        } else {
            Terminal.note("demo: generating \(firms) firms × \(months) months (seed \(seed)) into \(directory)")
            let config = GeneratorConfiguration(firms: firms, months: months, seed: seed)
            _ = try SyntheticEconomyGenerator(configuration: config).generate(into: directory + ".partial") { _ in }
            try? FileManager.default.removeItem(atPath: directory)
            try FileManager.default.moveItem(atPath: directory + ".partial", toPath: directory)
        }
        let logger = CLILogger.make()
        let signer = try signing.signer()
        let (summary, model, build, scan, example) = try await database.withDatabase(logger: logger) { db in
            for kind in [IngestKind.firms, .accounts, .transactions] {
                let path = "\(directory)/\(kind.rawValue).csv"
                let options = IngestOptions { p in
                    let fraction = p.fileBytes > 0 ? Double(p.bytesRead) / Double(p.fileBytes) : nil
                    Terminal.progress("ingest \(kind.rawValue)", fraction: fraction, detail: "\(p.read) rows")
                }
                let result = try await Ingestor(database: db).ingest(kind, path: path, options: options)
                Terminal.endProgress()
                print(result.text)
            }
            // Regions generated before dated events existed have no credit_events.csv.
            let events = "\(directory)/credit_events.csv"
            if FileManager.default.fileExists(atPath: events) {
                print(try await Ingestor(database: db).ingest(.creditEvents, path: events).text)
            }
            let summary = try await LoadSummary.load(db)
            let catalogs = ProductCatalogStore(database: db)
            if try await catalogs.latest() == nil {
                let (version, _) = try await catalogs.load(
                    files: try ProductsLoadCommand.files(in: EmbeddedProducts.directory),
                    source: EmbeddedProducts.directory)
                print("Product catalog version \(version.id): \(version.productCount) products")
            }
            // The champion when one was promoted in this home, as `fundchain build` would use.
            let model = try await BuildCommand.chooseModel(explicit: nil, database: db)
            let build = try await BuildJob(database: db, model: model).run(.init(signer: signer)) { phase in
                Terminal.progress("build", fraction: nil, detail: "\(phase) done")
            }
            Terminal.endProgress()
            let scan = try await BuildCommand.scanWarnings(build.batch, database: db, detector: WarningDetector())
            // The example: the lowest-scoring firm that is not dormant, to show reasons with evidence.
            let active = ProfileCatalog.column["months_active_12m"]!
            let firm = build.scores.indices.filter {
                (build.table.value(firm: $0, column: active).numericValue ?? 0) >= 6
            }
            .min {
                (build.scores[$0].points, build.table.firms[$0].uscc.code) < (
                    build.scores[$1].points, build.table.firms[$1].uscc.code
                )
            }
            var example: StoredSnapshot?
            if let firm {
                example = try await SnapshotStore(database: db).latestSnapshot(firm: build.table.firms[firm].uscc.code)
            }
            return (summary, model, build, scan, example)
        }
        print("")
        print(summary.text)
        print("")
        print(build.text(model: model, warnings: scan))
        if let example {
            print("\nThe weakest active firm (fundchain profile \(example.uscc)):\n")
            print(ProfileText.render(snapshot: example, body: try SnapshotBody(parsing: example.body), features: false))
        }
        let elapsed = clock.now - started
        print(
            "\ndemo finished in \(elapsed.components.seconds) s. Next: fundchain scores | head; fundchain profile USCC; psql \"$(fundchain db url)\""
        )
    }
}

extension LoadSummary {
    var text: String {
        func yuan(_ fen: Int64) -> String { "¥" + Money(fen: fen).grouped }
        var lines: [String] = []
        lines.append(
            "Loaded: \(firms) firms (\(coreFirms) core enterprises), \(accounts) accounts, \(entries) statement entries"
        )
        lines.append("Months: \(firstMonth ?? "–") to \(lastMonth ?? "–"); \(flowEdges) monthly flow edges")
        lines.append(
            "Flows: firm-to-firm \(yuan(firmToFirm)); from the outside world \(yuan(fromOutside)); to it \(yuan(toOutside))"
        )
        lines.append(
            "Both sides of covered transfers: debits \(yuan(firmToFirm)), credits \(yuan(creditsFromCoveredFirms)) "
                + "(the difference is transfers with one side missing)")
        if !rejectsByReason.isEmpty {
            lines.append(
                "Rejected rows by reason: " + rejectsByReason.map { "\($0.reason) \($0.rows)" }.joined(separator: ", "))
        }
        lines.append("Top districts by inflow:")
        for g in topDistricts {
            let name = (try? RegionCode(g.code))?.name ?? g.code
            lines.append("  \(g.code) \(name)  \(g.firms) firms  \(yuan(g.inflow))")
        }
        lines.append("Top industries by inflow:")
        for g in topIndustries {
            let name = (try? IndustryCode(g.code))?.name ?? g.code
            lines.append("  \(g.code) \(name)  \(g.firms) firms  \(yuan(g.inflow))")
        }
        return lines.joined(separator: "\n")
    }
}
