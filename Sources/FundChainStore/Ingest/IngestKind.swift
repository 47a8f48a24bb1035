/// What a file holds. (`consents` files are imported by `fundchain consent import`,
/// `credit_events` files by `fundchain events import`.)
public enum IngestKind: String, Sendable, CaseIterable {
    case firms, accounts, transactions, consents
    case creditEvents = "credit_events"
}

/// How to ingest a file.
public struct IngestOptions: Sendable {
    /// Abort the whole file on the first rejected row, loading nothing.
    public var strict: Bool = false
    /// Rows merged per database transaction.
    public var batchSize: Int = 50_000
    /// Called after each committed batch (and at the end) with the running totals.
    public var progress: (@Sendable (IngestProgress) -> Void)?

    public init(strict: Bool = false, batchSize: Int = 50_000, progress: (@Sendable (IngestProgress) -> Void)? = nil) {
        self.strict = strict
        self.batchSize = batchSize
        self.progress = progress
    }
}

/// Running totals of an ingest.
public struct IngestProgress: Sendable, Equatable {
    public var bytesRead: Int64 = 0
    public var fileBytes: Int64 = 0
    public var read = 0
    public var loaded = 0
    public var duplicate = 0
    public var rejected = 0
}

/// What an ingest did: `read = loaded + duplicate + rejected` always holds.
public struct IngestSummary: Sendable {
    public var runID: Int64
    public var kind: IngestKind
    public var file: String
    public var sha256: String
    public var status: String
    public var read: Int
    public var loaded: Int
    public var duplicate: Int
    public var rejected: Int
    public var seconds: Double
    /// Count of rejected rows per reason code.
    public var rejectsByReason: [String: Int]
    /// The first rejects, for the printed summary (all of them are in `ingest_rejects`).
    public var firstRejects: [String]
    /// Columns of the file FundChain does not use.
    public var ignoredColumns: [String]
}
