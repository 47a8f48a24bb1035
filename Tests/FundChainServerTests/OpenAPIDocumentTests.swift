import Foundation
import Testing

@testable import FundChainServer

/// The spec compiled into the binary (served at GET /openapi.yaml) is openapi.yaml exactly.
/// (Whether GeneratedSources matches the generator's output is checked by re-running
/// scripts/gen-openapi.sh and `git diff --exit-code`: the command plugin cannot run inside tests.)
struct OpenAPIDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func embeddedSpecIsTheFile() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        #expect(EmbeddedOpenAPI.yaml + "\n" == file)
    }
}
