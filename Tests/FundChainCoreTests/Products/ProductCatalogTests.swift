import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainCore

@Suite struct ProductCatalogTests {
    static func shippedFiles() throws -> [(name: String, yaml: String)] {
        let directory = repoRoot.appendingPathComponent("products")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.map
        {
            (name: $0, yaml: try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))
        }
    }

    static let valid = """
        format: fundchain-product/1
        id: p1
        name: Product one
        kind: cash_flow_loan
        rules:
          grades: [AAA, AA]
          regions: ["500112"]
          core_link: {max_tier: 2, min_core_inflow_share: 0.25}
        limit: {share: 0.2, min_yuan: 100000, max_yuan: 1000000}
        pricing: {base_rate_bp: 345, spread_bp: {AAA: 0, AA: 10}}
        """

    @Test func shippedCatalogLoads() throws {
        let files = try Self.shippedFiles()
        let catalog = try ProductCatalog.load(files: files)
        #expect((8...12).contains(catalog.products.count))
        #expect(catalog.products.map(\.file) == files.map(\.name).sorted())
        #expect(Set(catalog.products.map(\.id)).count == catalog.products.count)
        // Order does not change the catalog or its hash.
        #expect(try ProductCatalog.load(files: files.reversed()) == catalog)
    }

    @Test func validProductDecodesEveryField() throws {
        let catalog = try ProductCatalog.load(files: [(name: "p1.yaml", yaml: Self.valid)])
        let p = try #require(catalog.products.first)
        #expect(p.id == "p1" && p.name == "Product one" && p.kind == "cash_flow_loan" && p.lender == "")
        #expect(p.rules.grades == ["AAA", "AA"])
        #expect(p.rules.regions == ["500112"])
        #expect(p.rules.coreLink == .init(maxTier: 2, minCoreInflowShare: 0.25))
        #expect(p.limit.basis == .inflow12m)
        #expect(p.limit.min == Money(fen: 10_000_000) && p.limit.max == Money(fen: 100_000_000))
        #expect(p.limit.step == Money(fen: 1_000_000))  // default ¥10,000
        #expect(p.pricing == Pricing(baseBP: 345, spreadBP: ["AAA": 0, "AA": 10]))
        // SHA-256 of "p1.yaml\0<text>\0", an independent computation of the documented digest.
        let bytes = Array("p1.yaml".utf8) + [0] + Array(Self.valid.utf8) + [0]
        #expect(catalog.sha256 == DatasetDigest.sha256Hex(bytes))
    }

    /// Each edit of the valid product breaks one thing; the error names the file, the product and the field.
    @Test(arguments: [
        (
            "  grades: [AAA, AA]", "  grades: [AAA, AA]\n  max_top_customer_shar: 0.5", "unknownField",
            "p1.yaml: product 'p1', field rules: unknown field 'max_top_customer_shar'"
        ),
        (
            "  grades: [AAA, AA]", "  grades: [AAA, AX]", "invalidValue",
            "p1.yaml: product 'p1', field rules.grades: 'AX' is not a grade"
        ),
        (
            "  grades: [AAA, AA]", "  grades: [AAA, AA, A]", "impossibleRule",
            "p1.yaml: product 'p1', field pricing.spread_bp: grade A is admitted by rules.grades but has no spread"
        ),
        (
            "  grades: [AAA, AA]", "  grades: []", "impossibleRule",
            "p1.yaml: product 'p1', field rules.grades: admits no grade"
        ),
        (
            "regions: [\"500112\"]", "regions: [\"509999\"]", "invalidValue",
            "p1.yaml: product 'p1', field rules.regions: '509999'"
        ),
        (
            "  grades: [AAA, AA]", "  grades: [AAA, AA]\n  industries: [C3]", "invalidValue",
            "p1.yaml: product 'p1', field rules.industries: 'C3' is not a GB/T 4754-2017 code"
        ),
        (
            "  grades: [AAA, AA]", "  grades: [AAA, AA]\n  max_round_trip_ratio: 1.5", "invalidValue",
            "p1.yaml: product 'p1', field rules.max_round_trip_ratio: 1.5 is not a share between 0 and 1"
        ),
        (
            "  grades: [AAA, AA]", "  grades: [AAA, AA]\n  min_months_active: 13", "impossibleRule",
            "p1.yaml: product 'p1', field rules.min_months_active: 13"
        ),
        (
            "max_tier: 2", "max_tier: 0", "impossibleRule",
            "p1.yaml: product 'p1', field rules.core_link.max_tier: 0 is not between 1 and 4"
        ),
        (
            "min_yuan: 100000", "min_yuan: 2000000", "impossibleRule",
            "p1.yaml: product 'p1', field limit: min_yuan 2000000 is above max_yuan 1000000"
        ),
        ("{share: 0.2,", "{share: 0,", "invalidValue", "p1.yaml: product 'p1', field limit.share: 0 is not in (0, 1]"),
        (
            "{share: 0.2,", "{share: 0.2, basis: turnover,", "invalidValue",
            "p1.yaml: product 'p1', field limit.basis: 'turnover'"
        ),
        (
            "{share: 0.2,", "{share: 0.2, grade_factors: {AAA: 0, AA: 0},", "impossibleRule",
            "p1.yaml: product 'p1', field limit.grade_factors: every admitted, priced grade has a limit factor of 0"
        ),
        ("{share: 0.2,", "{share: zero,", "syntax", "p1.yaml: product 'p1', field limit.share"),
        (
            "AA: 10}", "AA: 10, Z: 1}", "invalidValue",
            "p1.yaml: product 'p1', field pricing.spread_bp: 'Z' is not a grade"
        ),
        (
            "name: Product one\n", "", "syntax",
            "p1.yaml: product 'p1', field document: required field 'name' is missing"
        ),
        (
            "format: fundchain-product/1", "format: fundchain-product/2", "invalidValue",
            "p1.yaml: product 'p1', field format"
        ),
        (
            "kind: cash_flow_loan", "kind: cash_flow_loan\nrate: 3", "unknownField",
            "p1.yaml: product 'p1', field: unknown field 'rate'"
        ),
        ("id: p1", "id: P 1", "invalidValue", "p1.yaml: product 'P 1', field id"),
    ])
    func invalidProductNamesFileProductAndField(find: String, replace: String, code: String, message: String) {
        let yaml = Self.valid.replacingOccurrences(of: find, with: replace)
        #expect(yaml != Self.valid)
        do {
            _ = try ProductCatalog.load(files: [(name: "p1.yaml", yaml: yaml)])
            Issue.record("accepted: \(replace)")
        } catch {
            #expect(error.code.description == code, "\(error.message)")
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func duplicateIdsAndEmptyCatalogAreErrors() {
        #expect(throws: ProductCatalogError.self) { try ProductCatalog.load(files: []) }
        do {
            _ = try ProductCatalog.load(files: [(name: "b.yaml", yaml: Self.valid), (name: "a.yaml", yaml: Self.valid)])
            Issue.record("accepted a duplicate id")
        } catch {
            #expect(error.code == .duplicate)
            #expect(error.message == "b.yaml: product 'p1': id already used in a.yaml")
        }
    }

    @Test func malformedYAMLIsASyntaxErrorNamingTheFile() {
        do {
            _ = try ProductCatalog.load(files: [(name: "bad.yaml", yaml: "id: [unclosed\n")])
            Issue.record("accepted malformed YAML")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.message.hasPrefix("bad.yaml: "))
        }
    }
}
