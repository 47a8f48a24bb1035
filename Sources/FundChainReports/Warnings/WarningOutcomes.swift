import FundChainCore

/// How the early warnings of past builds turned out (docs/reports.md, "Outcomes"): per raising
/// build and warning kind, the warned firms, how many of them defaulted within the horizon, the
/// hit rate with its Jeffreys interval, and the base rate of the build's whole population to
/// judge it by. Pure: the caller reads the builds, warnings and credit events.
///
/// The population of a build is its firms (within the filter) not already in default on its
/// as-of date (`DefaultDefinition`), as in the backtest; warned firms are counted only when in
/// that population, and a firm warned by several kinds counts once in the total.
public struct WarningOutcomes: Sendable, Equatable {
    /// A build that raised warnings: its as-of date and every firm it scored.
    public struct Build: Sendable, Equatable {
        public var id: Int64
        public var asOf: CalendarDate
        public var firms: [Firm]

        public init(id: Int64, asOf: CalendarDate, firms: [Firm]) {
            self.id = id
            self.asOf = asOf
            self.firms = firms
        }
    }

    /// A firm of a build, with the codes `--region` and `--industry` test.
    public struct Firm: Sendable, Equatable {
        public var uscc: String
        /// The 9-digit town code.
        public var region: String
        /// The GB/T 4754 industry class.
        public var industry: String

        public init(uscc: String, region: String, industry: String) {
            self.uscc = uscc
            self.region = region
            self.industry = industry
        }
    }

    /// A stored warning, as far as its outcome goes: the raising build, the firm and the kind.
    public struct Warned: Sendable, Equatable {
        public var batchID: Int64
        public var uscc: String
        /// `EarlyWarning.Kind`'s raw value.
        public var kind: String

        public init(batchID: Int64, uscc: String, kind: String) {
            self.batchID = batchID
            self.uscc = uscc
            self.kind = kind
        }
    }

    /// One build and kind (or all kinds together).
    public struct Row: Sendable, Equatable {
        public var batchID: Int64
        public var asOf: CalendarDate
        /// Whole months of the horizon passed by the day of the report (at most the horizon).
        public var observedMonths: Int
        /// `EarlyWarning.Kind`'s raw value; `nil` for every kind together (a firm counted once).
        public var kind: String?
        /// Firms warned, in the population.
        public var warned: Int
        /// Of them, defaulted within the horizon.
        public var defaulted: Int
        /// The build's population, and how many of it defaulted within the horizon.
        public var firms: Int
        public var firmsDefaulted: Int

        /// defaulted / warned; `nil` when no firm was warned.
        public var hitRate: Double? { warned > 0 ? Double(defaulted) / Double(warned) : nil }
        /// Jeffreys' 95 % interval of the hit rate; `nil` when no firm was warned.
        public var hitInterval: BinomialInterval? {
            warned > 0 ? BinomialInterval.jeffreys(defaults: defaulted, firms: warned) : nil
        }
        /// firmsDefaulted / firms; `nil` for an empty population.
        public var baseRate: Double? { firms > 0 ? Double(firmsDefaulted) / Double(firms) : nil }
        /// hitRate / baseRate; `nil` when either is missing or no firm of the population defaulted.
        public var lift: Double? {
            guard let hitRate, let baseRate, baseRate > 0 else { return nil }
            return hitRate / baseRate
        }
    }

    /// A raising build left out: less than one month of its horizon has passed.
    public struct Pending: Sendable, Equatable {
        public var batchID: Int64
        public var asOf: CalendarDate
    }

    /// The horizon, in months after each build's as-of date.
    public var horizonMonths: Int
    /// How many credit events there are, of any kind; with none, there are no rows.
    public var creditEvents: Int
    /// Per build (by id), the kinds in `EarlyWarning.Kind` order (any other kind after them, by
    /// name), then all kinds together.
    public var rows: [Row]
    public var pending: [Pending]

    /// - Parameters:
    ///   - builds: the raising builds, each with all its firms (filtered and excluded here).
    ///   - warnings: their warnings, of any status.
    ///   - defaults: every defaulted firm's first default date (`DefaultDefinition.defaultDates`).
    ///   - creditEvents: how many credit events were read; 0 means outcomes cannot be told.
    ///   - today: the day of the report, for the months of the horizon observed.
    /// - Complexity: O(f + w) expected for f firms of the builds and w warnings.
    public init(
        builds: [Build], warnings: [Warned], defaults: [String: CalendarDate], creditEvents: Int, horizonMonths: Int,
        today: CalendarDate, filter: ReportFilter = .init()
    ) {
        self.horizonMonths = horizonMonths
        self.creditEvents = creditEvents
        rows = []
        pending = []
        guard creditEvents > 0 else { return }
        var byBuild: [Int64: [Warned]] = [:]
        for w in warnings { byBuild[w.batchID, default: []].append(w) }
        let known = EarlyWarning.Kind.allCases.map(\.rawValue)
        for build in builds.sorted(by: { $0.id < $1.id }) {
            let population = BacktestPopulation(asOf: build.asOf, horizonMonths: horizonMonths, defaults: defaults)
            let observed = population.observedMonths(today: today)
            guard observed >= 1 else {
                pending.append(Pending(batchID: build.id, asOf: build.asOf))
                continue
            }
            // The population: in scope, not in default on the as-of date; whether each defaulted.
            var outcome: [String: Bool] = [:]
            for firm in build.firms where filter.matches(region: firm.region, industry: firm.industry) {
                if let defaulted = population.outcome(of: firm.uscc) { outcome[firm.uscc] = defaulted }
            }
            var warned: [String: Set<String>] = [:]
            for w in byBuild[build.id] ?? [] where outcome[w.uscc] != nil { warned[w.kind, default: []].insert(w.uscc) }
            let kinds = known + warned.keys.filter { !known.contains($0) }.sorted()
            let all = warned.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            let base = (firms: outcome.count, defaulted: outcome.values.filter { $0 }.count)
            for (kind, firms) in kinds.map({ ($0 as String?, warned[$0] ?? []) }) + [(nil, all)] {
                rows.append(
                    Row(
                        batchID: build.id, asOf: build.asOf, observedMonths: observed, kind: kind, warned: firms.count,
                        defaulted: firms.filter { outcome[$0] == true }.count, firms: base.firms,
                        firmsDefaulted: base.defaulted))
            }
        }
    }
}
