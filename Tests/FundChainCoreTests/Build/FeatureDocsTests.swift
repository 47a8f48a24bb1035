import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainCore

@Suite struct FeatureDocsTests {
    static let root = repoRoot

    @Test func docsListEveryFeature() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("docs/features.md"), encoding: .utf8)
        #expect(file == ProfileCatalog.markdown, "run `fundchain features > docs/features.md` after changing a feature")
    }

    @Test func theExpertCardUsesOnlyBuiltFeatures() throws {
        let yaml = try String(
            contentsOf: Self.root.appendingPathComponent("scoring-models/sme-cashflow-v1.yaml"), encoding: .utf8)
        _ = try BuildScorer(card: Scorecard.load(yaml: yaml))
    }
}
