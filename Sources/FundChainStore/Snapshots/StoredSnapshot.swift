import FundChainCore

/// A snapshot as stored: the draft's fields plus its place in the firm's hash chain.
public struct StoredSnapshot: Sendable, Equatable {
    public var id: Int64
    public var batchID: Int64
    public var uscc: String
    public var asOf: CalendarDate
    public var score: Int
    public var pd: Double
    public var grade: String
    public var inputFingerprint: String
    /// The canonical JSON bytes exactly as hashed.
    public var body: [UInt8]
    /// The hash of the firm's previous snapshot; `nil` for its first.
    public var prevHash: String?
    /// `SnapshotHash.hash(previous: prevHash, body: body)`.
    public var hash: String

    public init(
        id: Int64, batchID: Int64, uscc: String, asOf: CalendarDate, score: Int, pd: Double, grade: String,
        inputFingerprint: String, body: [UInt8], prevHash: String?, hash: String
    ) {
        self.id = id
        self.batchID = batchID
        self.uscc = uscc
        self.asOf = asOf
        self.score = score
        self.pd = pd
        self.grade = grade
        self.inputFingerprint = inputFingerprint
        self.body = body
        self.prevHash = prevHash
        self.hash = hash
    }
}
