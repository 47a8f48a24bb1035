/// A planted pattern for the risk analytics to find (ground truth in `planted.csv`).
///
/// - `circular`: money goes round `members` (in flow order, back to the first) within
///   `periodDays`, each hop keeping all but a small fee, repeatedly over several months.
/// - `shell`: `members` are shell firms that receive from `source` and pass nearly all of it on
///   to `sink` within days; they have no real business (no sales, no purchases).
struct PlantedRing: Sendable {
    enum Kind: String, Sendable { case circular, shell }

    let id: Int
    let kind: Kind
    /// Firm ids in flow order.
    let members: [Int]
    /// The origin and destination firms of a shell pass-through (`nil` for circular rings).
    let source: Int?
    let sink: Int?
    /// Typical amount per cycle, in fen.
    let amountFen: Int64
    /// Lag in days after each hop (its sum is the period).
    let lags: [Int]
    /// First month (0-based) of activity.
    let firstMonth: Int

    var periodDays: Int { max(1, lags.reduce(0, +)) }
}

/// How many rings and shells to plant, and so how many shell firms to create.
struct RingPlan: Sendable {
    let circularSizes: [Int]
    let shellSizes: [Int]

    /// A few dozen circular rings per 100,000 firms (at least 2), about two thirds as many shell
    /// chains; sizes follow a fixed pattern so the firm count is known before any random draw.
    init(firms: Int) {
        let circular = max(2, firms * 30 / 100_000)
        let shells = max(1, firms * 20 / 100_000)
        circularSizes = (0..<circular).map { 3 + $0 % 4 }  // 3, 4, 5, 6, 3, …
        shellSizes = (0..<shells).map { 1 + $0 % 2 }  // 1 or 2 shells in a chain
    }

    /// Ring members that are shell firms (in a circular ring every third ring has one real,
    /// affiliated firm instead of a shell).
    var shellFirmCount: Int {
        circularSizes.enumerated().reduce(0) { $0 + $1.element - ($1.offset % 3 == 2 ? 1 : 0) }
            + shellSizes.reduce(0, +)
    }
}
