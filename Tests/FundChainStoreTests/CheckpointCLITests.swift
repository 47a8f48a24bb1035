import Foundation
import FundChainCore
import FundChainTestSupport
import Testing

@testable import FundChainStore

/// The operator's path end to end with the built binary: `keys generate`, then `generate`,
/// `ingest` and a signed `build` of a small region, then `snapshot verify --all --public-key
/// --checkpoints`; the published file's signature checked with OpenSSL, an independent Ed25519.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct CheckpointCLITests {
    @Test func keysBuildAndVerify() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        try await withTestDatabase { database in
            let url = database.configuration.url()
            let dir = files.directory
            func run(_ arguments: [String]) throws -> ProcessRunner.Result {
                let result = try CLIRun.run(arguments)
                #expect(result.status == 0, "\(arguments): \(result)")
                return result
            }
            _ = try run(["keys", "generate", "--out", dir + "/keys"])
            _ = try run(["generate", "--firms", "60", "--months", "6", "--seed", "5", "--out", dir + "/region"])
            for kind in ["firms", "accounts", "transactions"] {
                _ = try run(["ingest", kind, dir + "/region/\(kind).csv", "--database", url])
            }
            let build = try run([
                "build", "--signing-key", dir + "/keys/signing.key", "--checkpoints", dir + "/published", "--database",
                url,
            ])
            #expect(build.stdout.contains("Checkpoint 1 signed by key "), "\(build.stdout)")
            #expect(build.stderr.contains("publishing signed checkpoints to \(dir)/published"), "\(build.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/published") == ["000001.json"])
            let verify = try run([
                "snapshot", "verify", "--all", "--public-key", dir + "/keys/signing.pub", "--checkpoints",
                dir + "/published",
                "--database", url,
            ])
            #expect(
                verify.stdout.hasPrefix("verified ")
                    && verify.stdout.hasSuffix(" in 1 batch and 1 signed checkpoint: OK\n"), "\(verify)")
            #expect(verify.stderr.isEmpty, "\(verify.stderr)")

            // OpenSSL checks the published signature over the checkpoint's bytes.
            let file = try JSONValue(
                parsing: Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/published/000001.json"))))
            let body = try #require(file["checkpoint"]).canonicalBytes()
            let signatureHex = try #require(file["signature"]?.stringValue)
            let signature = try #require(Hex.decode(signatureHex))
            try Data(body).write(to: URL(fileURLWithPath: dir + "/body"))
            try Data(signature).write(to: URL(fileURLWithPath: dir + "/sig"))
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") {
                let arguments = [
                    "pkeyutl", "-verify", "-pubin", "-inkey", dir + "/keys/signing.pub", "-rawin", "-in", dir + "/body",
                    "-sigfile",
                ]
                let good = try ProcessRunner.run("/usr/bin/openssl", arguments + [dir + "/sig"])
                #expect(good.status == 0 && good.stdout.contains("Signature Verified Successfully"), "\(good)")
                var bad = signature
                bad[0] ^= 1
                try Data(bad).write(to: URL(fileURLWithPath: dir + "/bad"))
                #expect(try ProcessRunner.run("/usr/bin/openssl", arguments + [dir + "/bad"]).status != 0)
            }
            // Another key does not vouch for the batch.
            _ = try run(["keys", "generate", "--out", dir + "/other"])
            let other = try CLIRun.run([
                "snapshot", "verify", "--all", "--public-key", dir + "/other/signing.pub", "--database", url,
            ])
            #expect(other.status == 1 && other.stderr.contains("which is not one of the public keys given"), "\(other)")
        }
    }
}
