import Foundation

/// A warning as kept in the `warnings` table, with its handling.
public struct StoredWarning: Sendable, Equatable {
    public var id: Int64
    /// The build that raised it.
    public var batchID: Int64
    public var uscc: String
    public var name: String
    /// The firm's industry class and town codes (for `--industry` and `--region`).
    public var industry: String
    public var region: String
    public var kind: String
    public var detail: String
    /// When the build that raised it was written.
    public var raisedAt: Date
    public var handledAt: Date?
    public var note: String?

    public init(
        id: Int64, batchID: Int64, uscc: String, name: String, industry: String, region: String, kind: String,
        detail: String,
        raisedAt: Date, handledAt: Date? = nil, note: String? = nil
    ) {
        self.id = id
        self.batchID = batchID
        self.uscc = uscc
        self.name = name
        self.industry = industry
        self.region = region
        self.kind = kind
        self.detail = detail
        self.raisedAt = raisedAt
        self.handledAt = handledAt
        self.note = note
    }

    /// Hours from raised to handled.
    public var hoursToHandle: Double? { handledAt.map { $0.timeIntervalSince(raisedAt) / 3600 } }
}
