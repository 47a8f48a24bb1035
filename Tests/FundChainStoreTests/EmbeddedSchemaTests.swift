import Foundation
import FundChainStore
import FundChainTestSupport
import Testing

@Suite struct EmbeddedSchemaTests {
    static let root = repoRoot

    @Test func compiledSchemaIsSchemaSQL() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("schema.sql"), encoding: .utf8)
        #expect(Migrator().schema + "\n" == file, "run scripts/gen-embedded-schema.sh after editing schema.sql")
        #expect(Migrator().version >= 1)
    }
}
