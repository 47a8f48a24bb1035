import Foundation
import FundChainTestSupport
import Testing

/// The champion/challenger commands refuse bad arguments and unusable cards before connecting
/// (the database URL here leads nowhere), with messages that say what is wrong.
@Suite struct ChampionChallengerArgumentTests {
    static let v1 = repoRoot.path + "/scoring-models/sme-cashflow-v1.yaml"

    func refused(_ arguments: [String], status: Int32, saying text: String) throws {
        let run = try CLIRun.run(arguments + SnapshotCLITests.nowhere)
        #expect(run.status == status && run.stderr.contains(text), "\(arguments): \(run)")
    }

    @Test func promoteNeedsANoteAndAReadableCard() throws {
        try refused(
            ["model", "promote", Self.v1, "--note", " \n", "--batch", "1"], status: 64, saying: "--note must say why")
        try refused(
            ["model", "promote", Self.v1, "--note", "why", "--batch", "0"], status: 64,
            saying: "--batch must be a positive")
        try refused(
            ["model", "promote", "/nonexistent/card.yaml", "--note", "why", "--batch", "1"], status: 2,
            saying: "cannot read")
        let notACard = NSTemporaryDirectory() + "not-a-card-\(UUID().uuidString).yaml"
        try "id: x\n".write(toFile: notACard, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: notACard) }
        try refused(["model", "promote", notACard, "--note", "why", "--batch", "1"], status: 2, saying: notACard)
    }

    @Test func challengersMustBeReadableAndDistinct() throws {
        try refused(
            ["build", "--challenger", "/nonexistent/card.yaml"], status: 64, saying: "cannot read the scorecard")
        try refused(
            ["build", "--model", Self.v1, "--challenger", Self.v1], status: 64, saying: "the same model as the champion"
        )
        try refused(["report", "challenger", "--as-of", "2024-05-31"], status: 64, saying: "--as-of does not apply")
        try refused(
            ["report", "challenger", "--horizon-months", "0"], status: 64, saying: "--horizon-months must be 1…60")
    }
}
