import FundChainCore
import FundChainIngest
import Logging
import PostgresNIO

/// Validates the rows of one kind of file and merges them into their table, batch by batch.
protocol BatchMerger {
    /// Reads the header; returns the columns that will be ignored.
    mutating func start(header: borrowing CSVRow, file: String) throws(IngestError) -> [String]
    /// Validates a row, keeping it for the next merge, or returns why it is rejected.
    mutating func consume(_ row: borrowing CSVRow) -> RowReject?
    /// Merges the kept rows (inside the caller's transaction) and forgets them.
    mutating func merge(connection: PostgresConnection, logger: Logger) async throws -> MergeOutcome
    /// Forgets the kept rows without writing them.
    mutating func discard()
}

struct MergeOutcome: Sendable, Equatable {
    var loaded = 0
    var duplicate = 0
}

/// The merger for `kind`, loaded with what validation needs from the database.
func makeBatchMerger(_ kind: IngestKind, connection: PostgresConnection, runID: Int64, logger: Logger) async throws
    -> any BatchMerger
{
    switch kind {
    case .firms:
        return StagedMerger(firmsFor: runID)
    case .accounts:
        var known = Set<String>()
        for try await uscc in try await connection.query("SELECT uscc FROM firms", logger: logger).decode(String.self) {
            known.insert(uscc)
        }
        return StagedMerger(accountsFor: runID, knownFirms: known)
    case .transactions:
        var directory = AccountDirectory()
        let rows = try await connection.query(
            "SELECT bank_code, account_no, uscc, currency FROM accounts", logger: logger)
        for try await (bank, number, uscc, currency) in rows.decode((String, String, String, String).self) {
            guard let owner = try? USCC(uscc), let currency = try? Currency(currency) else { continue }
            directory.add(bank: bank, number: number, owner: owner, currency: currency)
        }
        return TransactionMerger(runID: runID, directory: directory)
    }
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
        try await copy(writer.buffer, into: "ingest_rejects", columns: ["run_id", "line", "field", "reason", "message", "raw"], connection: connection, logger: logger)
    }
}

/// Streams a COPY text buffer to the server in ~1 MiB messages.
func copy(_ buffer: ByteBuffer, into table: String, columns: [String], connection: PostgresConnection, logger: Logger) async throws {
    try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
        var rest = buffer
        while rest.readableBytes > 0 {
            let slice = rest.readSlice(length: min(rest.readableBytes, 1 << 20))!
            try await writer.write(slice)
        }
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
            unsafeSQL: "CREATE TEMP TABLE IF NOT EXISTS \(staging) (LIKE \(table) INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"),
        logger: logger)
    try await connection.query(PostgresQuery(unsafeSQL: "TRUNCATE \(staging)"), logger: logger)
    try await copy(buffer, into: staging, columns: columns, connection: connection, logger: logger)
    let list = columns.joined(separator: ", ")
    return try await connection.query(
        PostgresQuery(
            unsafeSQL: "INSERT INTO \(table) (\(list)) SELECT \(list) FROM \(staging) ON CONFLICT DO NOTHING RETURNING \(returning)"),
        logger: logger
    ).collect()
}
