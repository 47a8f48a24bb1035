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
        return try await database.client.withConnection { connection in
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
                try await state.stream(producer!, connection: connection, logger: logger)
                if options.strict {
                    if state.rejected.isEmpty {
                        try await connection.query("COMMIT", logger: logger)
                    } else {
                        try await connection.query("ROLLBACK", logger: logger)
                        try await state.recordStrictFailure(connection: connection, logger: logger)
                    }
                }
            } catch {
                if options.strict { _ = try? await connection.query("ROLLBACK", logger: logger) }
                let message = (error as? IngestError)?.description ?? Database.describe(error)
                try await runs.finish(run: runID, status: "failed", sha256: producer?.sha256() ?? "", error: message)
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
        try await connection.query("BEGIN", logger: logger)
        do {
            let outcome = try await batch.merge(connection: connection, logger: logger)
            try await RejectWriter.write(rejected, run: runID, connection: connection, logger: logger)
            try await IngestRunStore(connection: connection, logger: logger).addCounts(
                run: runID, read: rows, loaded: outcome.loaded, duplicate: outcome.duplicate, rejected: rejected.count)
            try await connection.query("COMMIT", logger: logger)
            totals.loaded += outcome.loaded
            totals.duplicate += outcome.duplicate
            totals.rejected += rejected.count
            rejected.removeAll(keepingCapacity: true)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
        options.progress?(totals)
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
