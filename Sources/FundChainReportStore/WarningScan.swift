import Foundation

/// One run of `WarningScanJob` over a batch, as the append-only `warning_scans` table holds it.
/// `fundchain report warnings` tells a batch never scanned from one that raised nothing by it.
public struct WarningScan: Sendable, Equatable {
    /// The batch scanned.
    public var batchID: Int64
    /// The batch it was compared with (its predecessor by id); `nil` for the first batch, which
    /// has nothing to be compared with and raises nothing.
    public var previousBatchID: Int64?
    /// A score drop of more than this many points was a warning.
    public var scoreDrop: Int
    /// Warnings the comparison found, ones stored by an earlier scan included.
    public var raised: Int
    /// Of those, how many were stored by this scan (new).
    public var added: Int
    /// When the scan was recorded (the database's clock).
    public var scannedAt: Date

    public init(batchID: Int64, previousBatchID: Int64?, scoreDrop: Int, raised: Int, added: Int, scannedAt: Date) {
        self.batchID = batchID
        self.previousBatchID = previousBatchID
        self.scoreDrop = scoreDrop
        self.raised = raised
        self.added = added
        self.scannedAt = scannedAt
    }
}
