import ArgumentParser
import Foundation

/// `fundchain keys generate`: the Ed25519 key pair that signs checkpoints.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make the key pair that signs each build's checkpoint (docs/security.md, \"Signed checkpoints\").",
        subcommands: [KeysGenerateCommand.self])
}

struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new Ed25519 key pair: DIR/signing.key (PEM PKCS #8, mode 0600) and DIR/signing.pub (PEM).",
        discussion: """
            Refuses to overwrite either file. The private key is written only to its file, never \
            printed; the public key's id (SHA-256 of its 32 bytes, 16 hex digits) is printed, and is \
            the key_id in every checkpoint it signs. Both files are readable by `openssl pkey`.
            """)

    @Option(
        help: ArgumentHelp("Directory to write the key pair to (created with mode 0700 if missing).", valueName: "dir"))
    var out: String

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out must not be empty") }
    }

    func run() throws {
        let key = try KeyFiles.generate(into: out)
        print("key \(key.id): \(out)/\(KeyFiles.privateName) (secret, mode 0600), \(out)/\(KeyFiles.publicName)")
    }
}
