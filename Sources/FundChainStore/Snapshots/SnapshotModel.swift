import Crypto
import FundChainCore

/// A scoring model version as used by a build: its id, version and the exact text of its file,
/// identified by the SHA-256 of that text.
public struct SnapshotModel: Sendable, Equatable {
    public var id: String
    public var version: String
    /// Lowercase hex SHA-256 of `body`'s UTF-8 bytes.
    public var sha256: String
    public var body: String

    public init(id: String, version: String, sha256: String, body: String) {
        self.id = id
        self.version = version
        self.sha256 = sha256
        self.body = body
    }

    /// A model whose `sha256` is computed from `body`.
    public init(id: String, version: String, body: String) {
        self.init(id: id, version: version, sha256: Self.sha256(of: body), body: body)
    }

    /// Lowercase hex SHA-256 of the UTF-8 bytes of `body`.
    public static func sha256(of body: String) -> String {
        Hex.encode(SHA256.hash(data: Array(body.utf8)))
    }
}
