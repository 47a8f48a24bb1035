import Foundation
import FundChainStore
import PostgresNIO

/// The `warning_scans` table: one row per run of `WarningScanJob` (append-only).
extension WarningStore {
    /// Records that a scan of `batch` against `previous` ran with `scoreDrop`, finding `raised`
    /// warnings of which `added` were new. Every run is a row of its own.
    ///
    /// - Returns: the row as stored, with the database's time.
    /// - Complexity: one INSERT.
    @discardableResult
    public func recordScan(batch: Int64, previous: Int64?, scoreDrop: Int, raised: Int, added: Int) async throws
        -> WarningScan
    {
        let rows = try await database.client.query(
            """
            INSERT INTO warning_scans (batch_id, previous_batch, score_drop, raised, added)
            VALUES (\(batch), \(previous), \(scoreDrop), \(raised), \(added))
            RETURNING \(unescaped: Self.scanColumns)
            """, logger: database.logger)
        guard let scan = try await Self.scans(rows).first else {
            throw StoreError(.corruptData, "recording the warning scan of batch \(batch) returned no row")
        }
        return scan
    }

    /// The latest scan of `batch`; `nil` when none ran (its warnings were never raised).
    ///
    /// - Complexity: one index lookup on `warning_scans (batch_id)`.
    public func latestScan(batch: Int64) async throws -> WarningScan? {
        let rows = try await database.client.query(
            """
            SELECT \(unescaped: Self.scanColumns) FROM warning_scans WHERE batch_id = \(batch) ORDER BY id DESC LIMIT 1
            """, logger: database.logger)
        return try await Self.scans(rows).first
    }

    static let scanColumns = "batch_id, previous_batch, score_drop, raised, added, scanned_at"

    static func scans(_ rows: PostgresRowSequence) async throws -> [WarningScan] {
        var out: [WarningScan] = []
        for try await (batch, previous, scoreDrop, raised, added, at) in rows.decode(
            (Int64, Int64?, Int, Int, Int, Date).self)
        {
            out.append(
                WarningScan(
                    batchID: batch, previousBatchID: previous, scoreDrop: scoreDrop, raised: raised, added: added,
                    scannedAt: at))
        }
        return out
    }
}
