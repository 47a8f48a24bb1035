import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import Testing

/// Catalog versions in PostgreSQL, and matching firms from their stored snapshots.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ProductCatalogStoreTests {
    static func shippedFiles() throws -> [(name: String, yaml: String)] { try ShippedProducts.files() }

    @Test func loadingTheSameCatalogIsANoOpAndAChangeIsANewVersion() async throws {
        let files = try Self.shippedFiles()
        try await withTestDatabase { database in
            let store = ProductCatalogStore(database: database)
            #expect(try await store.latest() == nil)
            let first = try await store.load(files: files, source: "products")
            #expect(first.created && first.version.id == 1)
            #expect(first.version.catalog == (try ProductCatalog.load(files: files)))
            #expect(first.version.productCount == files.count)

            let again = try await store.load(files: files.reversed(), source: "elsewhere")
            #expect(!again.created && again.version.id == 1 && again.version.source == "products")

            var changed = files
            changed[0].yaml += "# a comment changes the text, so the version\n"
            let second = try await store.load(files: changed, source: "products")
            #expect(second.created && second.version.id == 2 && second.version.sha256 != first.version.sha256)

            // Going back to the first files is a new version too: the latest is the current one.
            let third = try await store.load(files: files, source: "products")
            #expect(third.created && third.version.id == 3 && third.version.sha256 == first.version.sha256)
            #expect(try await store.latest()?.id == 3)
            #expect(try await store.versions().map(\.id) == [1, 2, 3])

            // An invalid catalog writes nothing.
            var broken = files
            broken[1].yaml = broken[1].yaml.replacingOccurrences(of: "rules:", with: "rulez:")
            await #expect(throws: ProductCatalogError.self) { try await store.load(files: broken, source: "products") }
            #expect(try await store.versions().count == 3)

            // Versions are evidence: append-only.
            await #expect(throws: (any Error).self) {
                try await database.client.query("UPDATE products SET name = 'x'", logger: database.logger)
            }
        }
    }

    /// `products match` on a generated region: matching the stored snapshot body gives what
    /// matching the build's table gives and what the build stored in the body, and the cash-flow loan's eligibility agrees with the
    /// rules of products/01-cashflow-loan.yaml written out independently here.
    @Test(arguments: [UInt64(11)])
    func matchesFromSnapshotsAgreeWithTheRulesWrittenOut(seed: UInt64) async throws {
        let files = try Self.shippedFiles()
        try await withTestDatabase { database in
            _ = try await BuildJobTests.loadRegion(database, firms: 400, seed: seed)
            let version = try await ProductCatalogStore(database: database).load(files: files, source: "products")
                .version
            let catalog = version.catalog
            let report = try await BuildJob(database: database, model: try BuildJobTests.expertCard()).run(
                .init(parallelism: 2))
            #expect(report.catalog?.id == version.id)
            let matcher = ProductMatcher(catalog: catalog)
            let snapshots = SnapshotStore(database: database)
            var eligibleCashflow = 0
            for (row, firm) in report.table.firms.enumerated() {
                let snapshot = try #require(try await snapshots.latestSnapshot(firm: firm.uscc.code))
                let body = try SnapshotBody(parsing: snapshot.body)
                #expect(body.canonicalBytes() == snapshot.body, "the typed body writes back the stored bytes")
                let features = body.features
                let fromBody = matcher.match(snapshot: body)
                let facts = FirmFacts(firm: firm, score: report.scores[row])
                #expect(FirmFacts(snapshot: body) == facts)
                #expect(fromBody == matcher.match(table: report.table, row: row, firm: facts))
                // The build stored the same matches in the body, with the catalog version.
                #expect(body.products == SnapshotBody.Products(fromBody, catalogID: version.id))
                #expect(body.products?.catalogID == version.id)

                func number(_ name: String) -> Double? { features[name].numericValue }
                let expected =
                    ["AAA", "AA", "A", "BBB", "BB"].contains(snapshot.grade) && snapshot.score >= 610
                    && (number("firm_age_years") ?? -1) >= 2 && (number("months_active_12m") ?? -1) >= 10
                    && (number("inflow_monthly_mean_12m_yuan") ?? -1) >= 100_000
                    && (number("top1_customer_share") ?? 2) <= 0.7 && (number("round_trip_ratio") ?? 2) <= 0.1
                    && (number("net_flow_ratio_12m") ?? -2) >= -0.15 && (number("debtrank_stress") ?? 2) <= 0.3
                    && (number("contagion_exposure") ?? 2) <= 0.35
                    && cashflowLimit(inflow: number("inflow_12m_yuan"), grade: snapshot.grade) >= 100_000
                let eligible = fromBody.eligible.contains { $0.productID == "cashflow-loan" }
                #expect(eligible == expected, "\(firm.uscc.code)")
                if eligible { eligibleCashflow += 1 }
                for match in fromBody.eligible {
                    let product = try #require(catalog.products.first { $0.id == match.productID })
                    let limit = try #require(match.limit)
                    #expect(limit >= product.limit.min && limit <= product.limit.max)
                    #expect(limit == product.limit.max || limit.fen % product.limit.step.fen == 0)
                    #expect(match.rateBP == product.pricing.baseBP + product.pricing.spreadBP[snapshot.grade]!)
                }
                #expect(fromBody.ineligible.allSatisfy { !$0.failures.isEmpty })
            }
            #expect(eligibleCashflow > 0, "no firm qualifies for the general cash-flow loan")
        }
    }

    /// products/01-cashflow-loan.yaml's limit: 15 % of 12-month inflow × the default grade
    /// factor, down to ¥10,000, at most ¥3,000,000 (in whole yuan, by integer arithmetic on fen).
    func cashflowLimit(inflow: Double?, grade: String) -> Int64 {
        guard let inflow else { return -1 }
        let factorPercent: Int64 = ["AAA": 100, "AA": 100, "A": 90, "BBB": 80, "BB": 60][grade] ?? 0
        let fen = Int64((inflow * 100).rounded())
        // 15 % × factor % of the inflow, to the fen (half up), then down to ¥10,000.
        let raw = (fen * 15 * factorPercent + 5_000) / 10_000
        return min(3_000_000, raw / 1_000_000 * 10_000)
    }
}
