/// What `fundchain generate` makes: the size of the synthetic region, its time window and its seed.
///
/// The window is `months` whole calendar months ending with the month before `endMonth`, so the
/// output never depends on today's date: with the defaults (`endMonth` 2025-12, 12 months) the
/// statements cover 2024-12-01 … 2025-11-30 and defaults are counted over the 12 months after.
public struct GeneratorConfiguration: Sendable, Equatable {
    /// Number of covered firms (clean rows of `firms.csv`).
    public var firms: Int
    /// Number of months of statement entries, ending with the month before `endMonth`.
    public var months: Int
    /// The seed: the same seed gives byte-identical files.
    public var seed: UInt64
    /// The first month after the window (exclusive end), year and month. Default 2025-12.
    public var endYear: Int
    public var endMonth: Int
    /// Expected fraction of extra, deliberately invalid transaction rows (default 0.1 %).
    /// The exact counts per kind go into `manifest.json`.
    public var dirtyRate: Double

    public init(
        firms: Int, months: Int, seed: UInt64, endYear: Int = 2025, endMonth: Int = 12, dirtyRate: Double = 0.001
    ) {
        self.firms = firms
        self.months = months
        self.seed = seed
        self.endYear = endYear
        self.endMonth = endMonth
        self.dirtyRate = dirtyRate
    }

    /// Months since January 1970 of the first month of the window.
    var firstMonthIndex: Int { (endYear - 1970) * 12 + (endMonth - 1) - months }
}
