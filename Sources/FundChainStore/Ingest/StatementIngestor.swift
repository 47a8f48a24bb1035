import Foundation
import FundChainCore
import FundChainIngest
import Logging
import PostgresNIO

/// Loads a bank statement file (camt.053 or MT940) into `transactions`, like `Ingestor` loads a
/// CSV: streamed in constant memory, merged in batches through `TransactionMerger` (so
/// `flow_edges` and `firm_month` follow), every entry read ending loaded, duplicate or rejected,
/// all or nothing with `strict`.
///
/// Each statement's balances are checked (opening + entries = closing); the result is part of
/// the summary and is stored in `ingest_runs.details`. A statement that does not reconcile still
/// loads.
public struct StatementIngestor: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// `bank` is the bank code for every statement in the file (`--bank`); without it each
    /// statement's own (camt servicer BIC, MT940 `:25:` prefix) is used.
    public func ingest(
        path: String, format: StatementFormat, bank: String? = nil, options: IngestOptions = .init()
    ) async throws -> StatementIngestSummary {
        precondition(format != .csv, "CSV goes through Ingestor")
        let logger = database.logger
        return try await database.client.withConnection { connection in
            let reader = try FileChunkReader(path: path)
            let runs = IngestRunStore(connection: connection, logger: logger)
            try await runs.reapAbandoned()
            let runID = try await runs.create(
                kind: .transactions, format: format.rawValue, file: path, bytes: reader.size, strict: options.strict)
            var state = RunState(
                database: database, runID: runID, kind: .transactions, path: path, options: options,
                fileBytes: reader.size)
            var statements = StatementLog()
            let clock = ContinuousClock()
            let start = clock.now
            do {
                if options.strict { try await connection.query("BEGIN", logger: logger) }
                var merger = try await makeBatchMerger(
                    .transactions, connection: connection, runID: runID, fileBytes: reader.size, logger: logger)
                let validator = StatementEntryValidator(
                    directory: (merger as! TransactionMerger).directory, bankOverride: bank)
                var parser = format.parser(file: path)!
                try await stream(
                    reader, parser: &parser, validator: validator, merger: &merger, state: &state,
                    statements: &statements,
                    connection: connection, logger: logger)
                if options.strict { try await state.endStrict(connection: connection, logger: logger) }
            } catch {
                if options.strict { _ = try? await connection.query("ROLLBACK", logger: logger) }
                let message = (error as? IngestError)?.description ?? Database.describe(error)
                try await runs.finish(run: runID, status: "failed", sha256: state.sha256(), error: message)
                if let ingestError = error as? IngestError { throw ingestError }
                throw StoreError(.ingestFailed, "\(path): ingest failed: \(message)")
            }
            try await connection.query(
                "UPDATE ingest_runs SET details = \(statements.json)::jsonb WHERE id = \(runID)", logger: logger)
            let failed = options.strict && state.totals.rejected > 0
            try await runs.finish(
                run: runID, status: failed ? "failed" : "completed", sha256: state.sha256(),
                error: failed ? state.strictFailureMessage : nil)
            let elapsed = clock.now - start
            let summary = state.summary(
                status: failed ? "failed" : "completed",
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            return StatementIngestSummary(summary: summary, format: format, statements: statements)
        }
    }

    /// Reads and parses the file, validating each entry and merging a batch whenever one is full.
    func stream(
        _ reader: FileChunkReader, parser: inout any StatementParser, validator: StatementEntryValidator,
        merger: inout any BatchMerger, state: inout RunState, statements: inout StatementLog,
        connection: PostgresConnection, logger: Logger
    ) async throws {
        // The concrete merger, so entries go straight in; handed to `RunState.flush` as `any BatchMerger`.
        var entries = merger as! TransactionMerger
        var pending = 0
        while true {
            let chunk = try reader.next()
            func handle(_ event: StatementEvent) {
                switch event {
                case .entry(let line):
                    state.totals.read += 1
                    pending += 1
                    switch validator.validate(line) {
                    case .success(let valid): entries.consume(validated: valid)
                    case .failure(let reject): state.noteReject(reject)
                    }
                case .reject(let reject):
                    state.totals.read += 1
                    pending += 1
                    state.noteReject(reject)
                case .statement(let reconciliation):
                    statements.add(reconciliation)
                }
            }
            if let chunk {
                state.hasher.update(bufferPointer: chunk)
                state.totals.bytesRead += Int64(chunk.count)
                try parser.feed(chunk, handle)
            } else {
                try parser.finish(handle)
            }
            if pending >= state.options.batchSize || chunk == nil {
                merger = entries
                try await state.flush(&merger, rows: pending, connection: connection, logger: logger)
                entries = merger as! TransactionMerger
                pending = 0
            }
            if chunk == nil { break }
        }
    }
}

/// The reconciliations of a run's statements: counts, and the statements themselves up to a
/// limit (every one that does not reconcile first), so memory stays bounded on huge files.
public struct StatementLog: Sendable {
    public static let limit = 1_000
    public private(set) var count = 0
    public private(set) var balanced = 0
    public private(set) var mismatched = 0
    public private(set) var unchecked = 0
    public private(set) var notBooked = 0
    /// Kept statements: all mismatched and unchecked ones up to `limit`, balanced ones while room remains.
    public private(set) var kept: [StatementReconciliation] = []

    mutating func add(_ r: StatementReconciliation) {
        count += 1
        notBooked += r.notBooked
        switch r.status {
        case .balanced: balanced += 1
        case .mismatch: mismatched += 1
        case .unchecked: unchecked += 1
        }
        if kept.count < Self.limit {
            kept.append(r)
        } else if r.status != .balanced, let i = kept.lastIndex(where: { $0.status == .balanced }) {
            kept.remove(at: i)
            kept.append(r)
        }
    }

    /// The `ingest_runs.details` document (accounts masked, control characters escaped).
    public var json: String {
        struct Statement: Encodable {
            var id: String, account: String, line: Int, status: String, currency: String?
            var opening: String?, closing: String?, credits: String, debits: String, entries: Int
            var expected_closing: String?, difference: String?, unreadable: Int, not_booked: Int
        }
        struct Details: Encodable {
            var statements: Int, balanced: Int, mismatched: Int, unchecked: Int, not_booked: Int
            var reconciliation: [Statement]
        }
        let details = Details(
            statements: count, balanced: balanced, mismatched: mismatched, unchecked: unchecked, not_booked: notBooked,
            reconciliation: kept.map { r in
                Statement(
                    // jsonb refuses U+0000: control characters in an id from the file are escaped.
                    id: RejectText.escaped(r.statementID), account: AccountNumber.mask(RejectText.escaped(r.account)),
                    line: r.line, status: r.status.rawValue,
                    currency: r.currency?.code, opening: r.opening?.description, closing: r.closing?.description,
                    credits: r.credits.description, debits: r.debits.description, entries: r.entries,
                    expected_closing: r.expectedClosing?.description, difference: r.difference?.description,
                    unreadable: r.unreadable, not_booked: r.notBooked)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(details), as: UTF8.self)
    }
}

/// What a statement ingest did: the usual counts plus each statement's reconciliation.
public struct StatementIngestSummary: Sendable {
    public var summary: IngestSummary
    public var format: StatementFormat
    public var statements: StatementLog
}
