import Foundation
import FundChainCore
import FundChainIngest
import Logging
import PostgresNIO

/// Validates the rows of one kind of file and hands them over in batches ready to merge.
///
/// Validation and encoding (`consume`, `takeBatch`) are client CPU work; merging (`MergeBatch`)
/// is database work. The ingest runs them concurrently: batch n+1 is parsed, validated and
/// encoded while batches n-1 and n merge (`RunState.stream`).
protocol BatchMerger {
    /// Reads the header; returns the columns that will be ignored.
    mutating func start(header: borrowing CSVRow, file: String) throws(IngestError) -> [String]
    /// Validates a row, keeping it for the next batch, or returns why it is rejected.
    mutating func consume(_ row: borrowing CSVRow) -> RowReject?
    /// Takes the kept rows out as one batch, encoded for COPY, and starts a new one. Throws when
    /// the batch cannot be merged at all (its flow totals overflow).
    mutating func takeBatch() throws -> any MergeBatch
}

/// Validated rows, encoded on the client, that merge themselves into their table inside the
/// caller's transaction.
protocol MergeBatch: Sendable {
    /// Makes what the batch needs before its transaction, committed on a connection of its own
    /// (the month partitions of `transactions`: on Citus, a partition made by its owner inside
    /// the ingest's transaction would keep the ingest's role out of its new shards).
    func prepare(database: Database) async throws
    /// Runs first in the batch's transaction, before the next batch starts (`TransactionBatch`
    /// takes its `AggregateTicket`).
    func begin(connection: PostgresConnection, logger: Logger) async throws
    func merge(connection: PostgresConnection, logger: Logger) async throws -> MergeOutcome
    /// Called before the batch merges again, its first transaction having been rolled back as
    /// a deadlock victim.
    func willRetryAfterDeadlock()
}

extension MergeBatch {
    func prepare(database: Database) async throws {}
    func begin(connection: PostgresConnection, logger: Logger) async throws {}
    func willRetryAfterDeadlock() {}
}

struct MergeOutcome: Sendable, Equatable {
    var loaded = 0
    var duplicate = 0
}

/// The merger for `kind`, loaded with what validation needs from the database.
/// `fileBytes`: the size of the file to read.
func makeBatchMerger(
    _ kind: IngestKind, connection: PostgresConnection, runID: Int64, fileBytes: Int64, logger: Logger
) async throws -> any BatchMerger {
    switch kind {
    case .firms:
        return StagedMerger(firmsFor: runID)
    case .accounts:
        return StagedMerger(
            accountsFor: runID, knownFirms: try await knownFirms(connection: connection, logger: logger))
    case .consents:
        return StagedMerger(
            consentsFor: runID, knownFirms: try await knownFirms(connection: connection, logger: logger))
    case .creditEvents:
        return StagedMerger(
            creditEventsFor: runID, knownFirms: try await knownFirms(connection: connection, logger: logger),
            today: Consent.day(atSecondsSince1970: Date().timeIntervalSince1970))
    case .transactions:
        var directory = AccountDirectory()
        let rows = try await connection.query(
            "SELECT bank_code, account_no, uscc, currency FROM accounts", logger: logger)
        for try await (bank, number, uscc, currency) in rows.decode((String, String, String, String).self) {
            guard let owner = try? USCC(uscc), let currency = try? Currency(currency) else { continue }
            directory.add(bank: bank, number: number, owner: owner, currency: currency)
        }
        return TransactionMerger(runID: runID, directory: directory, fileBytes: fileBytes)
    }
}

/// The covered firms' USCCs.
func knownFirms(connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
    var known = Set<String>()
    for try await uscc in try await connection.query("SELECT uscc FROM firms", logger: logger).decode(String.self) {
        known.insert(uscc)
    }
    return known
}

/// Writes rejected rows to `ingest_rejects` with COPY.
enum RejectWriter {
    static func write(_ rejects: [RowReject], run: Int64, connection: PostgresConnection, logger: Logger) async throws {
        guard !rejects.isEmpty else { return }
        var writer = CopyTextWriter()
        for r in rejects {
            writer.integer(run)
            writer.integer(r.line)
            writer.text(r.field)
            writer.text(r.reason.code)
            writer.text(r.message)
            writer.text(r.raw)
            writer.endRow()
        }
        try await copy(
            writer.buffer, into: "ingest_rejects", columns: ["run_id", "line", "field", "reason", "message", "raw"],
            connection: connection, logger: logger)
    }
}

/// Sends a COPY text buffer to the server in one `CopyData` message.
///
/// One write, not a stream of ~1 MiB writes: PostgresNIO 1.33.2 loses the pending write when
/// the server's `ErrorResponse` (e.g. a unique violation) arrives while the writer waits for the
/// channel to become writable again (`ExtendedQueryStateMachine.setAndFireError` in state
/// `.copyingData(.pendingBackpressureRelieve)` drops the promise), and the copy then never
/// returns. With a single write the writer never waits for writability, so an error always ends
/// the copy with that error (`CopyTests` covers it). The buffer is in memory anyway.
func copy(_ buffer: ByteBuffer, into table: String, columns: [String], connection: PostgresConnection, logger: Logger)
    async throws
{
    try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
        if buffer.readableBytes > 0 { try await writer.write(buffer) }
    }
}

/// Copies `buffer` into a temporary staging table shaped like `table`, then inserts what is new
/// with `ON CONFLICT DO NOTHING`. Returns how many rows were inserted.
func mergeThroughStaging(
    _ buffer: ByteBuffer, table: String, columns: [String], returning: String, connection: PostgresConnection,
    logger: Logger
) async throws -> [PostgresRow] {
    let staging = "staging_" + table
    // Identifiers are our own constants, never input.
    try await connection.query(
        PostgresQuery(
            unsafeSQL:
                "CREATE TEMP TABLE IF NOT EXISTS \(staging) (LIKE \(table) INCLUDING DEFAULTS INCLUDING IDENTITY) ON COMMIT DELETE ROWS"
        ),
        logger: logger)
    try await connection.query(PostgresQuery(unsafeSQL: "TRUNCATE \(staging)"), logger: logger)
    try await copy(buffer, into: staging, columns: columns, connection: connection, logger: logger)
    let list = columns.joined(separator: ", ")
    return try await connection.query(
        PostgresQuery(
            unsafeSQL:
                "INSERT INTO \(table) (\(list)) SELECT \(list) FROM \(staging) ON CONFLICT DO NOTHING RETURNING \(returning)"
        ),
        logger: logger
    ).collect()
}
