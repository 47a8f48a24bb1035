import Foundation
import FundChainCore
import FundChainStore
import FundChainTestSupport
import HummingbirdTesting
import Testing

@testable import FundChainServer

/// A batch built with a challenger (docs/models.md) is served like any other: under a public
/// key, its signed checkpoint names the champion's and the challenger's sha256s and is accepted;
/// banks get the champion's score and model, and nothing of the challenger.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ChallengerServingTests {
    @Test(arguments: [UInt64(23)])
    func banksGetTheChampionOfTheLoadedBatch(seed: UInt64) async throws {
        try await Region.with(firms: 60, seed: seed) { region in
            let yaml = try String(
                contentsOf: repoRoot.appendingPathComponent("scoring-models/sme-cashflow-v1.yaml"), encoding: .utf8)
            let champion = try BuildJob.Model(yaml: yaml)
            let challenger = try BuildJob.Model(
                yaml: yaml.replacingOccurrences(of: "version: \"1\"\n", with: "version: \"1-served\"\n")
                    .replacingOccurrences(of: "base_points: 280\n", with: "base_points: 330\n"))
            let key = CheckpointSigningKey.generate()
            let report = try await BuildJob(database: region.database, model: champion, challengers: [challenger])
                .run(.init(parallelism: 2, signer: CheckpointSigner(key: key, directory: nil)))
            let batch = try #require(report.batch)
            #expect(report.checkpoint?.checkpoint.models == [champion.sha256, challenger.sha256])
            let stored = try await SnapshotStore(database: region.database).snapshots(batch: batch.id)
            let bank = try await region.key(client: "bank", scopes: ["score"]).text
            try await region.grant(stored.prefix(5).map(\.uscc), purposes: [.score]) { "S-\($0)" }
            try await region.withServer(configure: { $0.publicKeys = [key.publicKey] }) { client in
                try await client.waitUntilReady(batch: batch.id)
                for snapshot in stored.prefix(5) {
                    let body = try JSONValue(parsing: snapshot.body)
                    #expect(body["challengers"]?.arrayValue?.count == 1, "the body records the challenger")
                    let response = try await client.execute(
                        .post, "/v1/scores", key: bank,
                        json: #"{"uscc":"\#(snapshot.uscc)","consent_ref":"S-\#(snapshot.uscc)"}"#)
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    let score = try response.json()
                    #expect(score["score"]?.intValue == snapshot.score && score["grade"]?.stringValue == snapshot.grade)
                    #expect(score["model"]?["sha256"]?.stringValue == champion.sha256)
                    #expect(!text.contains(challenger.sha256) && !text.contains("challengers"), "\(text)")
                }
            }
        }
    }
}
