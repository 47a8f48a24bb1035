import Foundation

/// The repository's root directory (this file is `Tests/FundChainTestSupport/RepoRoot.swift`):
/// where `schema.sql`, `products/`, `scoring-models/`, `scripts/` and `Tests/Fixtures/` are.
package let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
