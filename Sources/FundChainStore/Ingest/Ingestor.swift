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

    public func ingest(_ kind: IngestKind, path: String, options: IngestOptions = .init()) async throws -> IngestSummary
    {
        let logger = database.logger
        // Unless strict, two batches merge at once, each in its own transaction on its own connection.
        return try await database.client.withConnection { connection in
            try await database.client.withConnection { second in
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
                    let merger = try await makeBatchMerger(kind, connection: connection, runID: runID, logger: logger)
                    producer = BatchProducer(reader: reader, path: path, merger: merger, batchSize: options.batchSize)
                    if options.strict {
                        try await state.stream(producer!, connection: connection, logger: logger)
                    } else {
                        try await state.stream(producer!, connections: (connection, second), logger: logger)
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

    /// Reads the file batch by batch and merges two batches at once, alternating between the two
    /// connections, each batch in its own transaction (not strict): while batch n is parsed,
    /// validated and encoded, batches n-1 and n-2 merge. The server's share of an ingest (COPY,
    /// unique key, aggregate upserts) is most of its work and one backend does it on one core;
    /// two spread it over two.
    ///
    /// Two merges cannot deadlock: each batch writes its entries, then its edges, then its
    /// firm-months, each in key order, so neither waits on a row the other takes later.
    /// Consecutive batches do share firm-months (a month's entries span batches); the later one
    /// waits for the earlier one's commit there, and a key in both waits the same way and then
    /// takes the staging path, as it would one batch later.
    mutating func stream(
        _ producer: BatchProducer, connections: (PostgresConnection, PostgresConnection), logger: Logger
    ) async throws {
        let runID = self.runID
        var inFlight: (task: Task<MergeOutcome, any Error>, read: Int, rejected: Int)?
        var turn = false
        do {
            while let produced = try producer.next() {
                let connection = turn ? connections.1 : connections.0
                turn.toggle()
                totals.read += produced.read
                totals.bytesRead += produced.bytesRead
                for reject in produced.rejects { noteReject(reject) }
                try await produced.batch.prepare(database: database)
                let rejected = self.rejected
                self.rejected.removeAll(keepingCapacity: true)
                let task = Task {
                    try await Self.merge(
                        produced.batch, rows: produced.read, rejected: rejected, run: runID, connection: connection,
                        logger: logger)
                }
                let previous = inFlight
                inFlight = (task, produced.read, rejected.count)
                if let previous { account(try await previous.task.value, rejected: previous.rejected) }
            }
            if let last = inFlight {
                inFlight = nil
                account(try await last.task.value, rejected: last.rejected)
            }
        } catch {
            // The other batch's transaction ends before its connection is given back.
            _ = try? await inFlight?.task.value
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

    /// Merges a batch, its rejects and the run's counts in one transaction.
    static func merge(
        _ batch: any MergeBatch, rows: Int, rejected: [RowReject], run runID: Int64, connection: PostgresConnection,
        logger: Logger
    ) async throws -> MergeOutcome {
        try await connection.query("BEGIN", logger: logger)
        do {
            let outcome = try await batch.merge(connection: connection, logger: logger)
            try await RejectWriter.write(rejected, run: runID, connection: connection, logger: logger)
            try await IngestRunStore(connection: connection, logger: logger).addCounts(
                run: runID, read: rows, loaded: outcome.loaded, duplicate: outcome.duplicate, rejected: rejected.count)
            try await connection.query("COMMIT", logger: logger)
            return outcome
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
