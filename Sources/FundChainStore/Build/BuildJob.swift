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
        /// Write the snapshot batch (default); `false` computes and returns everything only.
        public var writeSnapshots: Bool
        /// Signs the batch's checkpoint and publishes it (`nil`: the batch is not signed, and
        /// `snapshot verify --public-key` and `serve --public-key` will refuse it).
        public var signer: CheckpointSigner?

        public init(
            asOf: CalendarDate? = nil, windowMonths: Int = 12,
            parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
            writeSnapshots: Bool = true, signer: CheckpointSigner? = nil
        ) {
            self.asOf = asOf
            self.windowMonths = windowMonths
            self.parallelism = parallelism
            self.writeSnapshots = writeSnapshots
            self.signer = signer
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
            sha256 = SnapshotModel.sha256(of: body)
        }

        /// As stored in `scoring_models`.
        var stored: SnapshotModel { SnapshotModel(id: card.id, version: card.version, sha256: sha256, body: body) }
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
        /// `challengerScores[c][firm]`: challenger `c`'s score of each firm, in firm order.
        public var challengerScores: [[ChallengerScore]]
        public var fingerprints: [String]
        /// The catalog the firms were matched to (the latest loaded; `nil` when none is loaded).
        public var catalog: ProductCatalogStore.Version?
        /// Each firm's matches, in firm order, as its snapshot body keeps them (empty when no
        /// catalog is loaded). Compact: the matcher's full results (every failed rule with its
        /// sentence) for every firm were a third of the build's peak memory.
        public var products: [SnapshotBody.Products]
        /// The snapshot batch written (`nil` when the build was asked not to write one).
        public var batch: SnapshotBatch?
        /// The batch's signed checkpoint (`nil` when not signed).
        public var checkpoint: SignedCheckpoint?
    }

    public let database: Database
    /// The champion: its score is each snapshot's.
    public let model: Model
    /// Models that score every firm beside the champion (docs/models.md), in this order.
    public let challengers: [Model]

    public init(database: Database, model: Model, challengers: [Model] = []) {
        self.database = database
        self.model = model
        self.challengers = challengers
    }

    public func run(_ options: Options, progress: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        let scorer = try BuildScorer(card: model.card)
        try SnapshotStore.validate(challengers: challengers.map(\.stored), champion: model.stored)
        let challengerScorers = try challengers.map { try ChallengerScorer(card: $0.card, sha256: $0.sha256) }
        var phases: [Phase] = []
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ name: String) {
            let now = clock.now
            let elapsed = now - mark
            phases.append(
                Phase(
                    name: name,
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            mark = now
            progress(name)
        }
        let window: BuildWindow
        if let asOf = options.asOf {
            window = BuildWindow(asOf: asOf, months: options.windowMonths)
        } else {
            guard let latest = try await BuildInputStore.latestMonth(database) else {
                throw StoreError(
                    .notFound, "the database has no firm totals yet: ingest firms, accounts and transactions first")
            }
            window = BuildWindow(endingWith: latest, months: options.windowMonths)
        }
        let snapshots = SnapshotStore(database: database)
        var previousPD: [String: Double] = [:]
        if let previous = try await snapshots.latestBatch() {
            for (firm, score) in try await snapshots.scores(batch: previous.id) { previousPD[firm] = score.pd }
        }
        database.logger.debug("build: previous batch's PDs read", metadata: ["seconds": "\(clock.now - mark)"])
        let input = try await BuildInputStore.load(database, window: window, previousPD: previousPD)
        lap("load")
        let table = try ProfileBuilder(parallelism: options.parallelism).build(input) { lap($0) }
        let scores = scorer.score(table, parallelism: options.parallelism)
        lap("scores")
        let challengerScores = challengerScorers.map { $0.score(table, parallelism: options.parallelism) }
        if !challengers.isEmpty { lap("challengers") }
        let catalog = try await ProductCatalogStore(database: database).latest()
        let products =
            catalog.map {
                Self.match(
                    table: table, scores: scores, catalog: $0.catalog, catalogID: $0.id,
                    parallelism: options.parallelism)
            } ?? []
        lap("products")
        let fingerprints = InputFingerprint.compute(input, parallelism: options.parallelism)
        lap("fingerprints")
        var batch: SnapshotBatch?
        if options.writeSnapshots {
            let products = ProductsInBody(products: products)
            let model = self.model
            let parallelism = options.parallelism
            batch = try await snapshots.writeBatch(
                asOf: window.lastDay, windowMonths: window.months, model: model.stored,
                challengers: challengers.map(\.stored),
                firms: table.firms.map(\.uscc.code), signer: options.signer
            ) { range in
                Self.drafts(
                    range, table: table, scores: scores, challengers: challengerScores, fingerprints: fingerprints,
                    products: products,
                    model: model, parallelism: parallelism)
            }
            lap("snapshot bodies and writing")
        }
        var checkpoint: SignedCheckpoint?
        if let batch, options.signer != nil {
            checkpoint = try await CheckpointStore(database: database).checkpoint(batch: batch.id)
        }
        return Report(
            window: window, firms: input.firms.count, monthRows: input.months.count, flows: input.flows.count,
            cycles: table.cyclesFound, phases: phases, table: table, scores: scores, challengerScores: challengerScores,
            fingerprints: fingerprints,
            catalog: catalog, products: products, batch: batch, checkpoint: checkpoint)
    }

    /// Every firm's matches to `catalog` (stored as version `catalogID`), in firm order.
    static func match(
        table: ProfileTable, scores: [ScoreResult], catalog: ProductCatalog, catalogID: Int64, parallelism: Int
    ) -> [SnapshotBody.Products] {
        let matcher = ProductMatcher(catalog: catalog)
        return Parallel.map(ranges: table.count, chunks: parallelism * 8) { range in
            range.map { firm in
                SnapshotBody.Products(
                    matcher.match(
                        table: table, row: firm, firm: FirmFacts(firm: table.firms[firm], score: scores[firm])),
                    catalogID: catalogID)
            }
        }.flatMap { $0 }
    }

    /// What goes under a body's `products` key.
    struct ProductsInBody: Sendable {
        /// Empty when no catalog is loaded.
        let products: [SnapshotBody.Products]

        func products(firm: Int) -> SnapshotBody.Products? { products.isEmpty ? nil : products[firm] }
    }

    /// The drafts of firms `range`, in firm (USCC) order, with their canonical bodies.
    static func drafts(
        _ range: Range<Int>, table: ProfileTable, scores: [ScoreResult], challengers: [[ChallengerScore]],
        fingerprints: [String],
        products: ProductsInBody, model: Model, parallelism: Int
    ) -> [SnapshotDraft] {
        Parallel.map(ranges: range.count, chunks: parallelism * 4) { part in
            part.map { offset in
                let firm = range.lowerBound + offset
                let score = scores[firm]
                let body = SnapshotBody(
                    table: table, firm: firm, score: score, card: model.card, modelSHA256: model.sha256,
                    fingerprint: fingerprints[firm],
                    products: products.products(firm: firm), challengers: challengers.map { $0[firm] })
                return SnapshotDraft(
                    uscc: table.firms[firm].uscc.code, score: score.points, pd: score.pd, grade: score.grade,
                    inputFingerprint: fingerprints[firm], body: body.canonicalBytes())
            }
        }.flatMap { $0 }
    }
}
