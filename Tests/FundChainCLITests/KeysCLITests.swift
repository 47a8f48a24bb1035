import Foundation
import FundChainTestSupport
import Testing

/// `fundchain keys generate`: the files, their modes, and that OpenSSL (an independent
/// implementation) reads them as one Ed25519 key pair.
@Suite struct KeysCLITests {
    static func openssl(_ arguments: [String]) throws -> CLIRun.Result? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { return nil }
        return try CLIRun.run("/usr/bin/openssl", arguments)
    }

    @Test func generateWritesAKeyPairOnceOnly() throws {
        let directory = NSTemporaryDirectory() + "fundchain-keys-\(UUID().uuidString)/keys"
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let run = try CLIRun.run(["keys", "generate", "--out", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let key = directory + "/signing.key", pub = directory + "/signing.pub"
        let keyText = try String(contentsOfFile: key, encoding: .utf8)
        #expect(keyText.hasPrefix("-----BEGIN PRIVATE KEY-----\n") && keyText.hasSuffix("-----END PRIVATE KEY-----\n"))
        #expect(
            !run.stdout.contains(keyText.split(separator: "\n")[1])
                && !run.stderr.contains(keyText.split(separator: "\n")[1]))
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let dirMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? NSNumber
        #expect(dirMode?.intValue == 0o700)
        // Never overwritten.
        let again = try CLIRun.run(["keys", "generate", "--out", directory])
        #expect(again.status != 0 && again.stderr.contains("exists"), "\(again.stderr)")
        #expect(try String(contentsOfFile: key, encoding: .utf8) == keyText)
        // OpenSSL derives the same public key from the private one, and calls it ED25519.
        if let derived = try Self.openssl(["pkey", "-in", key, "-pubout"]) {
            #expect(derived.status == 0, "\(derived.stderr)")
            #expect(derived.stdout == (try String(contentsOfFile: pub, encoding: .utf8)))
            let text = try #require(try Self.openssl(["pkey", "-in", pub, "-pubin", "-noout", "-text"]))
            #expect(text.stdout.hasPrefix("ED25519 Public-Key:"), "\(text.stdout)")
        }
    }

    @Test func verifyChecksItsKeyOptions() throws {
        let run = try CLIRun.run(["snapshot", "verify", "--checkpoints", "/tmp"] + SnapshotCLITests.nowhere)
        #expect(run.status == 64 && run.stderr.contains("--checkpoints needs --public-key"), "\(run.stderr)")
        let missing = try CLIRun.run(["build", "--signing-key", "/nonexistent/signing.key"] + SnapshotCLITests.nowhere)
        #expect(
            missing.status != 0 && missing.stderr.contains("/nonexistent/signing.key: no such signing key"),
            "\(missing.stderr)")
    }
}
