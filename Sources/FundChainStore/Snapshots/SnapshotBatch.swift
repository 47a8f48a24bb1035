import Foundation
import FundChainCore

/// One build's batch of snapshots.
public struct SnapshotBatch: Sendable, Equatable {
    /// Consecutive from 1.
    public var id: Int64
    public var asOf: CalendarDate
    public var windowMonths: Int
    public var modelSHA256: String
    public var firmCount: Int
    /// Lowercase hex RFC 6962 Merkle root over the batch's snapshot hashes (raw 32 bytes each), in id order.
    public var merkleRoot: String
    public var createdAt: Date
    /// The challenger models that scored the batch beside the champion (`modelSHA256`), in the
    /// order each body's `"challengers"` lists them; empty for most batches (docs/models.md).
    public var challengerSHA256s: [String]

    public init(
        id: Int64, asOf: CalendarDate, windowMonths: Int, modelSHA256: String, firmCount: Int, merkleRoot: String,
        createdAt: Date, challengerSHA256s: [String] = []
    ) {
        self.id = id
        self.asOf = asOf
        self.windowMonths = windowMonths
        self.modelSHA256 = modelSHA256
        self.firmCount = firmCount
        self.merkleRoot = merkleRoot
        self.createdAt = createdAt
        self.challengerSHA256s = challengerSHA256s
    }

    /// Every model that scored the batch: the champion, then the challengers (what its signed
    /// checkpoint lists under `models`).
    public var models: [String] { [modelSHA256] + challengerSHA256s }
}
