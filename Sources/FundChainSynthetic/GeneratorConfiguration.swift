/// What `fundchain generate` makes: the size of the synthetic region and its seed.
public struct GeneratorConfiguration: Sendable, Equatable {
    /// Number of covered firms.
    public var firms: Int
    /// Number of months of statement entries, ending with the month before `endMonth`.
    public var months: Int
    /// The seed: the same seed gives byte-identical files.
    public var seed: UInt64

    public init(firms: Int, months: Int, seed: UInt64) {
        self.firms = firms
        self.months = months
        self.seed = seed
    }
}
