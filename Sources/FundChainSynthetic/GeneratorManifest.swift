/// `manifest.json`: what was generated, with the exact number of rows of each kind, so tests and
/// ingest runs can check their loaded / duplicate / rejected counts against it.
public struct GeneratorManifest: Codable, Sendable, Equatable {
    public struct FileCounts: Codable, Sendable, Equatable {
        /// Data rows in the file (header excluded), clean + dirty.
        public var rows: Int
        /// Rows that must load.
        public var clean: Int
        /// Deliberately invalid rows by kind (`duplicate` = exact repeats of a clean row).
        public var dirty: [String: Int]
    }

    public var seed: UInt64
    public var firms: Int
    public var months: Int
    /// First and last month of the window (`YYYY-MM`) and the exclusive end given with `--end`.
    public var firstMonth: String
    public var lastMonth: String
    public var endMonth: String
    public var dateFrom: String
    public var dateTo: String
    /// The expected fraction of dirty transaction rows the generator was asked for.
    public var dirtyRate: Double
    public var files: [String: FileCounts]
    public var coreFirms: Int
    public var accounts: Int
    public var coveredTransfers: Int
    public var defaulted: Int
    public var defaultRate: Double
    public var contagionDefaults: Int
    /// Defaults dated inside the window (windows longer than 12 months) and in the 12 months
    /// after it; together `defaulted`.
    public var defaultsInWindow: Int
    public var defaultsAfterWindow: Int
    /// Rows of credit_events.csv by event kind, and the last day an event may have (the end of
    /// the 12 months after the window).
    public var creditEvents: [String: Int]
    public var eventsUntil: String
    public var circularRings: Int
    public var shellChains: Int

    enum CodingKeys: String, CodingKey {
        case seed, firms, months, files, accounts, defaulted
        case firstMonth = "first_month", lastMonth = "last_month", endMonth = "end_month"
        case dateFrom = "date_from", dateTo = "date_to", dirtyRate = "dirty_rate", coreFirms = "core_firms"
        case coveredTransfers = "covered_transfers", defaultRate = "default_rate"
        case contagionDefaults = "contagion_defaults", circularRings = "circular_rings", shellChains = "shell_chains"
        case defaultsInWindow = "defaults_in_window", defaultsAfterWindow = "defaults_after_window"
        case creditEvents = "credit_events", eventsUntil = "events_until"
    }
}
