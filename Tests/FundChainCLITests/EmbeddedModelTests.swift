import Foundation
import FundChainTestSupport
import Testing

@testable import fundchain

@Suite struct EmbeddedModelTests {
    /// The compiled-in default card is the file, byte for byte (so its sha256, stored with every
    /// snapshot, is the same whichever was read).
    @Test func embeddedCardIsTheFile() throws {
        let file = try String(contentsOf: repoRoot.appendingPathComponent(EmbeddedModel.path), encoding: .utf8)
        #expect(EmbeddedModel.yaml + "\n" == file, "run scripts/gen-embedded-model.sh after editing the card")
    }
}
