import FundChainCore

/// How a build signs its batch: the signing key, and the directory the checkpoints are
/// published to (`nil`: the database only).
public struct CheckpointSigner: Sendable {
    public var key: CheckpointSigningKey
    public var directory: CheckpointDirectory?

    public init(key: CheckpointSigningKey, directory: CheckpointDirectory?) {
        self.key = key
        self.directory = directory
    }
}
