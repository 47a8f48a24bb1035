/// Options for weighted PageRank, with NetworkX's meaning and this engine's defaults.
public struct PageRankOptions: Sendable, Hashable {
    /// Probability of following an edge (NetworkX `alpha`). Default 0.85.
    public var damping: Double = 0.85
    /// Stop when the L1 change of one iteration is below `nodeCount × tolerance` (NetworkX's
    /// rule). Default 1e-10.
    public var tolerance: Double = 1e-10
    /// Iteration cap; the result reports whether it converged. Default 1000.
    public var maxIterations: Int = 1000
    /// Threads for the iteration (rows are split in edge-balanced blocks). Default 1; it pays
    /// from about a few hundred thousand edges.
    public var parallelism: Int = 1

    public init(damping: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 1000, parallelism: Int = 1) {
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.parallelism = parallelism
    }
}

/// PageRank scores, indexed by node, and how the power iteration ended.
public struct PageRank: Sendable {
    public var scores: [Double]
    public var iterations: Int
    public var converged: Bool
}
