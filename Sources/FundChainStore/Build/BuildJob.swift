import Crypto
import Foundation
import FundChainCore

/// `fundchain build`: from the aggregates in PostgreSQL to a profile, a score and (once written)
/// a snapshot for every firm. A thin shell: loading and writing here, everything else in the
/// pure core (`ProfileBuilder`, `BuildScorer`).
public struct BuildJob: Sendable {
    public struct Options: Sendable {
        /// The build describes the firms as of this date (default: the last day of the latest
        /// month with data).
        public var asOf: CalendarDate?
        public var windowMonths: Int
        public var parallelism: Int

        public init(asOf: CalendarDate? = nil, windowMonths: Int = 12, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.asOf = asOf
            self.windowMonths = windowMonths
            self.parallelism = parallelism
        }
    }

    /// A scorecard with the exact text it was loaded from (stored with every snapshot batch).
    public struct Model: Sendable {
        public var card: Scorecard
        public var body: String
        public var sha256: String

        public init(yaml body: String) throws(ScorecardError) {
            card = try Scorecard.load(yaml: body)
            self.body = body
            sha256 = Hex.encode(SHA256.hash(data: Array(body.utf8)))
        }
    }

    public struct Phase: Sendable {
        public var name: String
        public var seconds: Double
    }

    public struct Report: Sendable {
        public var window: BuildWindow
        public var firms: Int
        public var monthRows: Int
        public var flows: Int
        public var cycles: Int
        public var phases: [Phase]
        public var table: ProfileTable
        public var scores: [ScoreResult]
        public var fingerprints: [String]
    }

    public let database: Database
    public let model: Model

    public init(database: Database, model: Model) {
        self.database = database
        self.model = model
    }

    public func run(_ options: Options, progress: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        let scorer = try BuildScorer(card: model.card)
        var phases: [Phase] = []
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ name: String) {
            let now = clock.now
            let elapsed = now - mark
            phases.append(Phase(name: name, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            mark = now
            progress(name)
        }
        let window: BuildWindow
        if let asOf = options.asOf {
            window = BuildWindow(asOf: asOf, months: options.windowMonths)
        } else {
            guard let latest = try await BuildInputStore.latestMonth(database) else {
                throw StoreError(.notFound, "the database has no firm totals yet: ingest firms, accounts and transactions first")
            }
            window = BuildWindow(endingWith: latest, months: options.windowMonths)
        }
        let input = try await BuildInputStore.load(database, window: window)
        lap("load")
        let table = try ProfileBuilder(parallelism: options.parallelism).build(input) { lap($0) }
        let scores = scorer.score(table, parallelism: options.parallelism)
        lap("scores")
        let fingerprints = InputFingerprint.compute(input, parallelism: options.parallelism)
        lap("fingerprints")
        return Report(
            window: window, firms: input.firms.count, monthRows: input.months.count, flows: input.flows.count,
            cycles: table.cyclesFound, phases: phases, table: table, scores: scores, fingerprints: fingerprints)
    }
}
