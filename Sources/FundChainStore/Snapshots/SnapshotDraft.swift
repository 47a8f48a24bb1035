/// One firm's snapshot as the build made it, before it is chained and stored.
public struct SnapshotDraft: Sendable {
    /// The firm's USCC (18 characters).
    public var uscc: String
    public var score: Int
    /// Probability of default, finite.
    public var pd: Double
    public var grade: String
    /// Hash of the firm's aggregate rows in the window (hex).
    public var inputFingerprint: String
    /// The canonical JSON bytes (`JSONValue.canonicalBytes()`), stored and hashed exactly.
    public var body: [UInt8]

    public init(uscc: String, score: Int, pd: Double, grade: String, inputFingerprint: String, body: [UInt8]) {
        self.uscc = uscc
        self.score = score
        self.pd = pd
        self.grade = grade
        self.inputFingerprint = inputFingerprint
        self.body = body
    }
}
