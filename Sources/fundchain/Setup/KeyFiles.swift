import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The checkpoint key files (docs/security.md, "Signed checkpoints"): `signing.key`, PEM
/// `PRIVATE KEY` (PKCS #8 Ed25519), mode 0600; `signing.pub`, PEM `PUBLIC KEY`. Both readable
/// by `openssl pkey`. The private key's text is only ever read from and written to its file.
enum KeyFiles {
    static let privateName = "signing.key"
    static let publicName = "signing.pub"

    /// `$FUNDCHAIN_HOME/keys`.
    static var defaultDirectory: String { LocalCluster.defaultHome() + "/keys" }
    /// `$FUNDCHAIN_HOME/checkpoints`.
    static var defaultCheckpoints: String { LocalCluster.defaultHome() + "/checkpoints" }

    /// Makes a new key pair in `directory` (created 0700 if missing); refuses to replace either file.
    @discardableResult
    static func generate(into directory: String) throws -> CheckpointPublicKey {
        let keyPath = directory + "/" + privateName, pubPath = directory + "/" + publicName
        for path in [keyPath, pubPath] where FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path) exists: keys are never overwritten (move it away first to rotate)")
        }
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = CheckpointSigningKey.generate()
        try create(Array(key.pem.utf8), at: keyPath, mode: 0o600)
        try create(Array(key.publicKey.pem.utf8), at: pubPath, mode: 0o644)
        return key.publicKey
    }

    /// Creates `path` exclusively with `mode`, writes `bytes` and fsyncs.
    static func create(_ bytes: [UInt8], at path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw ValidationError("\(path): cannot create (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        _ = fchmod(fd, mode)  // whatever the umask
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw ValidationError("\(path): cannot write (\(String(cString: strerror(errno))))")
        }
    }

    /// Reads the signing key; refuses a file that others may read.
    static func signingKey(_ path: String) throws -> CheckpointSigningKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ValidationError("\(path): no such signing key (make one: fundchain keys generate)")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw ValidationError("\(path): group or others may read the signing key; chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot read the signing key")
        }
        do { return try CheckpointSigningKey(pem: String(decoding: data, as: UTF8.self)) } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// Reads a public key file.
    static func publicKey(_ path: String) throws -> CheckpointPublicKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot read the public key")
        }
        do { return try CheckpointPublicKey(pem: String(decoding: data, as: UTF8.self)) } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}

/// `--signing-key` and `--checkpoints` of the commands that write batches (`build`, `demo`).
struct SigningOptions: ParsableArguments {
    @Option(
        name: .customLong("signing-key"),
        help: ArgumentHelp(
            "Ed25519 key that signs the batch's checkpoint (PEM, mode 0600). Default: $FUNDCHAIN_HOME/keys/signing.key, made on first use.",
            valueName: "file"))
    var signingKey: String?

    @Option(
        name: .customLong("checkpoints"),
        help: ArgumentHelp(
            "Directory the signed checkpoints are published to, one file each, never overwritten. Default: $FUNDCHAIN_HOME/checkpoints.",
            valueName: "dir"))
    var checkpoints: String?

    /// The key (the default one made, and said so on stderr, when missing) and the directory.
    func signer() throws -> CheckpointSigner {
        let keyPath: String
        if let signingKey {
            keyPath = signingKey
        } else {
            keyPath = KeyFiles.defaultDirectory + "/" + KeyFiles.privateName
            if !FileManager.default.fileExists(atPath: keyPath) {
                let key = try KeyFiles.generate(into: KeyFiles.defaultDirectory)
                Terminal.note(
                    "made the checkpoint signing key \(key.id) in \(KeyFiles.defaultDirectory): keep signing.key secret; "
                        + "signing.pub is what `snapshot verify --public-key` and `serve` check with")
            }
        }
        let key = try KeyFiles.signingKey(keyPath)
        let directory = CheckpointDirectory(path: checkpoints ?? KeyFiles.defaultCheckpoints)
        if try directory.create() { Terminal.note("publishing signed checkpoints to \(directory.path)") }
        return CheckpointSigner(key: key, directory: directory)
    }
}
