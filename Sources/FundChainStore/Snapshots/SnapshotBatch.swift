import FundChainCore
import Foundation

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

    public init(
        id: Int64, asOf: CalendarDate, windowMonths: Int, modelSHA256: String, firmCount: Int, merkleRoot: String,
        createdAt: Date
    ) {
        self.id = id
        self.asOf = asOf
        self.windowMonths = windowMonths
        self.modelSHA256 = modelSHA256
        self.firmCount = firmCount
        self.merkleRoot = merkleRoot
        self.createdAt = createdAt
    }
}
