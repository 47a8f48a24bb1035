import Logging
import PostgresNIO

/// The `ingest_runs` row of one ingest. The ingesting connection holds a session advisory lock
/// on the run for its whole life, so a run left `running` by a killed process is recognisable
/// (its lock is free) and is marked `aborted` by the next ingest.
struct IngestRunStore {
    /// First key of the two-key advisory locks on runs.
    static let lockNamespace: Int32 = 0x4643  // "FC"

    let connection: PostgresConnection
    let logger: Logger

    /// Marks runs whose process has gone as aborted. Returns how many.
    @discardableResult
    func reapAbandoned() async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT id FROM ingest_runs WHERE status = 'running'
            """, logger: logger
        ).collect()
        var reaped = 0
        for row in rows {
            let id = try row.decode(Int64.self)
            let key = Int32(truncatingIfNeeded: id)
            let free =
                try await connection.query(
                    "SELECT pg_try_advisory_lock(\(Self.lockNamespace), \(key))", logger: logger
                ).collect().first?.decode(Bool.self) ?? false
            guard free else { continue }
            try await connection.query(
                """
                UPDATE ingest_runs SET status = 'aborted', finished_at = now(),
                       error = 'the ingesting process ended before the run finished; committed batches were kept'
                WHERE id = \(id) AND status = 'running'
                """, logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockNamespace), \(key))", logger: logger)
            reaped += 1
        }
        return reaped
    }

    func create(kind: IngestKind, format: String, file: String, bytes: Int64, strict: Bool) async throws -> Int64 {
        let id = try await connection.query(
            """
            INSERT INTO ingest_runs (kind, format, file_name, file_sha256, file_bytes, strict)
            VALUES (\(kind.rawValue), \(format), \(file), '', \(bytes), \(strict)) RETURNING id
            """, logger: logger
        ).collect().first!.decode(Int64.self)
        try await connection.query(
            "SELECT pg_advisory_lock(\(Self.lockNamespace), \(Int32(truncatingIfNeeded: id)))", logger: logger)
        return id
    }

    func addCounts(run: Int64, read: Int, loaded: Int, duplicate: Int, rejected: Int) async throws {
        try await connection.query(
            """
            UPDATE ingest_runs SET rows_read = rows_read + \(read), rows_loaded = rows_loaded + \(loaded),
                   rows_duplicate = rows_duplicate + \(duplicate), rows_rejected = rows_rejected + \(rejected)
            WHERE id = \(run)
            """, logger: logger)
    }

    /// Sets the final status; for a failed strict run the counters are reset to what was read
    /// and rejected, since nothing was loaded.
    func finish(run: Int64, status: String, sha256: String, error: String?) async throws {
        try await connection.query(
            """
            UPDATE ingest_runs SET status = \(status), finished_at = now(), file_sha256 = \(sha256), error = \(error)
            WHERE id = \(run)
            """, logger: logger)
        try await connection.query(
            "SELECT pg_advisory_unlock(\(Self.lockNamespace), \(Int32(truncatingIfNeeded: run)))", logger: logger)
    }
}
