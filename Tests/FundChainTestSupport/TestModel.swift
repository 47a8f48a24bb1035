import Foundation
import FundChainStore

/// Scorecards the tests build with.
package enum TestModel {
    /// The shipped expert scorecard, `scoring-models/sme-cashflow-v1.yaml`.
    package static func expertCard() throws -> BuildJob.Model {
        try BuildJob.Model(
            yaml: String(
                contentsOf: repoRoot.appendingPathComponent("scoring-models/sme-cashflow-v1.yaml"), encoding: .utf8))
    }
}
