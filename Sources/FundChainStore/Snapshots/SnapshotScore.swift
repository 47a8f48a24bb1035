/// A firm's score and PD in a batch (the next build's neighbour-risk input).
public struct SnapshotScore: Sendable, Hashable {
    public var score: Int
    public var pd: Double

    public init(score: Int, pd: Double) {
        self.score = score
        self.pd = pd
    }
}
