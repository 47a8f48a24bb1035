import Crypto
import FundChainCore
import FundChainIngest
import Logging
import PostgresNIO

/// Loads a CSV file of firms, accounts or statement entries: streamed in constant memory,
/// validated row by row, merged in batches (one database transaction each), with every row read
/// ending loaded, duplicate or rejected (with line, field and reason in `ingest_rejects`).
///
/// A killed ingest leaves only complete batches; re-running the file loads exactly the rest,
/// because merging is idempotent on each table's natural key. With `strict`, the file loads
/// whole or not at all: any rejected row rolls everything back.
public struct Ingestor: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// `body` with `count` connections of the pool, given back when it returns.
    func withConnections<T: Sendable>(
        _ count: Int, _ body: @Sendable ([PostgresConnection]) async throws -> T
    ) async throws -> T {
        func take(_ taken: [PostgresConnection]) async throws -> T {
            guard taken.count < count else { return try await body(taken) }
            return try await database.client.withConnection { try await take(taken + [$0]) }
        }
        return try await take([])
    }

    public func ingest(_ kind: IngestKind, path: String, options: IngestOptions = .init()) async throws -> IngestSummary
    {
        let logger = database.logger
        // Unless strict, batches merge `mergesAtOnce` at a time, each in its own transaction on its own connection.
        return try await withConnections(options.strict ? 1 : RunState.mergesAtOnce) { connections in
            let connection = connections[0]
            let reader = try FileChunkReader(path: path)
            let runs = IngestRunStore(connection: connection, logger: logger)
            try await runs.reapAbandoned()
            let runID = try await runs.create(
                kind: kind, format: "csv", file: path, bytes: reader.size, strict: options.strict)
            var state = RunState(
                database: database, runID: runID, kind: kind, path: path, options: options, fileBytes: reader.size)
            let clock = ContinuousClock()
            let start = clock.now
            var producer: BatchProducer?
            do {
                if options.strict { try await connection.query("BEGIN", logger: logger) }
                let merger = try await makeBatchMerger(
                    kind, connection: connection, runID: runID, fileBytes: reader.size, logger: logger)
                producer = BatchProducer(reader: reader, path: path, merger: merger, batchSize: options.batchSize)
                if options.strict {
                    try await state.stream(producer!, connection: connection, logger: logger)
                } else {
                    try await state.stream(producer!, connections: connections, logger: logger)
                }
                if options.strict { try await state.endStrict(connection: connection, logger: logger) }
            } catch {
                if options.strict { _ = try? await connection.query("ROLLBACK", logger: logger) }
                let message = (error as? IngestError)?.description ?? Database.describe(error)
                try await runs.finish(
                    run: runID, status: "failed", sha256: producer?.sha256() ?? "", error: message)
                if let ingestError = error as? IngestError { throw ingestError }
                throw StoreError(.ingestFailed, "\(path): ingest failed: \(message)")
            }
            let failed = options.strict && state.totals.rejected > 0
            try await runs.finish(
                run: runID, status: failed ? "failed" : "completed", sha256: state.sha256(),
                error: failed ? state.strictFailureMessage : nil)
            let elapsed = clock.now - start
            return state.summary(
                status: failed ? "failed" : "completed",
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
    }
}

/// The mutable state of one run: counters, the pending batch, rejects not yet written.
struct RunState {
    /// For what a batch prepares outside the run's transactions (`MergeBatch.prepare`).
    let database: Database
    let runID: Int64
    let kind: IngestKind
    let path: String
    let options: IngestOptions
    var totals = IngestProgress()
    /// The file's bytes hashed so far (by whoever reads them).
    var hasher = SHA256()
    var rejectsByReason: [String: Int] = [:]
    var firstRejects: [String] = []
    var ignoredColumns: [String] = []
    /// Rejects not yet written (all of them, in strict mode).
    var rejected: [RowReject] = []
    var strictFailureMessage: String?

    init(database: Database, runID: Int64, kind: IngestKind, path: String, options: IngestOptions, fileBytes: Int64) {
        self.database = database
        self.runID = runID
        self.kind = kind
        self.path = path
        self.options = options
        totals.fileBytes = fileBytes
    }

    func sha256() -> String { Hex.encode(hasher.finalize()) }

    mutating func noteReject(_ reject: RowReject) {
        rejected.append(reject)
        rejectsByReason[reject.reason.code, default: 0] += 1
        if firstRejects.count < 10 { firstRejects.append("\(path):\(reject.description)") }
    }

    /// Reads the file batch by batch and merges each batch, parsing the next one while the
    /// database merges the current one.
    mutating func stream(_ producer: BatchProducer, connection: PostgresConnection, logger: Logger) async throws {
        var current = try producer.next()
        while let produced = current {
            async let upcoming = producer.next()
            try await flush(produced, connection: connection, logger: logger)
            current = try await upcoming
        }
        hasher = producer.hasher
        ignoredColumns = producer.ignoredColumns
    }

    /// How many batches merge at once (not strict). Three were no faster on two cores (a
    /// region's ingest 2.97–3.12 s against 2.98–3.14 s, interleaved) and cost more server CPU.
    static let mergesAtOnce = 2

    /// Reads the file batch by batch and merges `connections.count` batches at once, each on
    /// its own connection, each in its own transaction (not strict): while they merge, the next
    /// batch is parsed, validated and encoded. The server's share of an ingest (COPY, unique key,
    /// aggregate upserts) is most of its work and one backend does it on one core; several
    /// spread it over the cores. Reading the next batch does not wait for a merge to end: when it
    /// did, the client and the merges took turns instead of overlapping, and a region's ingest
    /// left ~17 % of two cores idle.
    ///
    /// Merges cannot deadlock within a run: each batch writes its entries, then its edges, then
    /// its firm-months, each in key order, and adds its aggregates only once the batch read
    /// before it has committed (`AggregateTicket`), so a batch only ever waits on earlier ones.
    /// Batches share firm-months (a month's entries span batches), and an entry repeated in a
    /// later batch waits for the earlier one's commit and then takes the staging path, as it
    /// would had it come later.
    mutating func stream(_ producer: BatchProducer, connections: [PostgresConnection], logger: Logger) async throws {
        let runID = self.runID
        // Oldest first; batch n merges on connections[n % count].
        var inFlight: [(task: Task<MergeOutcome, any Error>, rejected: Int)] = []
        var started = 0
        // One `next()` at a time: each task is awaited before the next one starts.
        var reading = Task { try producer.next() }
        do {
            while let produced = try await reading.value {
                reading = Task { try producer.next() }
                totals.read += produced.read
                totals.bytesRead += produced.bytesRead
                for reject in produced.rejects { noteReject(reject) }
                try await produced.batch.prepare(database: database)
                if inFlight.count == connections.count {
                    let oldest = inFlight.removeFirst()
                    account(try await oldest.task.value, rejected: oldest.rejected)
                }
                let connection = connections[started % connections.count]
                started += 1
                let rejected = self.rejected
                self.rejected.removeAll(keepingCapacity: true)
                try await Self.begin(produced.batch, connection: connection, logger: logger)
                let task = Task {
                    try await Self.merge(
                        produced.batch, rows: produced.read, rejected: rejected, run: runID, connection: connection,
                        logger: logger, begun: true)
                }
                inFlight.append((task, rejected.count))
            }
            while !inFlight.isEmpty {
                let oldest = inFlight.removeFirst()
                account(try await oldest.task.value, rejected: oldest.rejected)
            }
        } catch {
            // The other batches' transactions end before their connections are given back, and
            // the file is not read after the run has ended.
            for merge in inFlight { _ = try? await merge.task.value }
            _ = try? await reading.value
            throw error
        }
        hasher = producer.hasher
        ignoredColumns = producer.ignoredColumns
    }

    /// Counts a merged batch and reports progress.
    mutating func account(_ outcome: MergeOutcome, rejected: Int) {
        totals.loaded += outcome.loaded
        totals.duplicate += outcome.duplicate
        totals.rejected += rejected
        options.progress?(totals)
    }

    /// Merges a batch, its rejects and the run's counts in one transaction. A batch that
    /// PostgreSQL chose as a deadlock victim (against another ingest writing the same
    /// firm-months at the same time) is merged again, up to `attempts` times in all.
    /// `begun`: the first transaction was begun (`begin`).
    static func merge(
        _ batch: any MergeBatch, rows: Int, rejected: [RowReject], run runID: Int64, connection: PostgresConnection,
        logger: Logger, begun: Bool = false, attempts: Int = 3
    ) async throws -> MergeOutcome {
        var attempt = 1
        if !begun { try await begin(batch, connection: connection, logger: logger) }
        while true {
            do {
                let outcome = try await batch.merge(connection: connection, logger: logger)
                try await RejectWriter.write(rejected, run: runID, connection: connection, logger: logger)
                try await IngestRunStore(connection: connection, logger: logger).addCounts(
                    run: runID, read: rows, loaded: outcome.loaded, duplicate: outcome.duplicate,
                    rejected: rejected.count)
                try await connection.query("COMMIT", logger: logger)
                return outcome
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                guard Database.sqlState(error) == "40P01", attempt < attempts else { throw error }
                logger.info(
                    "a batch was a deadlock victim; merging it again", metadata: ["fundchain.attempt": "\(attempt)"])
                batch.willRetryAfterDeadlock()
                attempt += 1
                try await begin(batch, connection: connection, logger: logger)
            }
        }
    }

    /// Begins a batch's transaction (`MergeBatch.begin` first in it).
    static func begin(_ batch: any MergeBatch, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await batch.begin(connection: connection, logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Counts a produced batch's rows and rejects, then merges it.
    mutating func flush(_ produced: ProducedBatch, connection: PostgresConnection, logger: Logger) async throws {
        totals.read += produced.read
        totals.bytesRead += produced.bytesRead
        for reject in produced.rejects { noteReject(reject) }
        try await merge(produced.batch, rows: produced.read, connection: connection, logger: logger)
    }

    /// Merges the rows `merger` kept, for a reader that counts rows and notes rejects itself
    /// (without the pipeline): `rows` were read since the last flush.
    mutating func flush(_ merger: inout any BatchMerger, rows: Int, connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await merge(try merger.takeBatch(), rows: rows, connection: connection, logger: logger)
    }

    /// Merges a batch and writes the rejects noted so far: one transaction unless strict.
    mutating func merge(_ batch: any MergeBatch, rows: Int, connection: PostgresConnection, logger: Logger) async throws
    {
        if !options.strict || rejected.isEmpty { try await batch.prepare(database: database) }
        if options.strict {
            // Once a row is rejected nothing will be kept: stop writing, keep validating.
            if rejected.isEmpty {
                let outcome = try await batch.merge(connection: connection, logger: logger)
                totals.loaded += outcome.loaded
                totals.duplicate += outcome.duplicate
            }
            totals.rejected = rejected.count
            options.progress?(totals)
            return
        }
        let outcome = try await Self.merge(
            batch, rows: rows, rejected: rejected, run: runID, connection: connection, logger: logger)
        account(outcome, rejected: rejected.count)
        rejected.removeAll(keepingCapacity: true)
    }

    /// Ends a strict run's transaction: commits it when no row was rejected; otherwise rolls it
    /// back and records the failure.
    mutating func endStrict(connection: PostgresConnection, logger: Logger) async throws {
        if rejected.isEmpty {
            try await connection.query("COMMIT", logger: logger)
        } else {
            try await connection.query("ROLLBACK", logger: logger)
            try await recordStrictFailure(connection: connection, logger: logger)
        }
    }

    /// A strict run with rejects loads nothing: every row read counts as rejected, and the rows
    /// that were actually wrong are written to `ingest_rejects`.
    mutating func recordStrictFailure(connection: PostgresConnection, logger: Logger) async throws {
        let first = rejected[0]
        strictFailureMessage =
            "strict mode: \(rejected.count) of \(totals.read) rows rejected (first: \(path):\(first.description)); nothing was loaded"
        try await connection.query("BEGIN", logger: logger)
        try await RejectWriter.write(rejected, run: runID, connection: connection, logger: logger)
        try await IngestRunStore(connection: connection, logger: logger).addCounts(
            run: runID, read: totals.read, loaded: 0, duplicate: 0, rejected: totals.read)
        try await connection.query("COMMIT", logger: logger)
        totals.loaded = 0
        totals.duplicate = 0
        totals.rejected = totals.read
    }

    func summary(status: String, seconds: Double) -> IngestSummary {
        IngestSummary(
            runID: runID, kind: kind, file: path, sha256: sha256(), status: status, read: totals.read,
            loaded: totals.loaded, duplicate: totals.duplicate, rejected: totals.rejected, seconds: seconds,
            rejectsByReason: rejectsByReason, firstRejects: firstRejects, ignoredColumns: ignoredColumns)
    }
}
