import Foundation
import FundChainCore
import FundChainReports
import FundChainStore
import PostgresNIO

/// The `warnings` table: early warnings raised per build, and their handling.
public struct WarningStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Stores the warnings `batch` raised against `previous`; ones already stored (same firm,
    /// build and kind) are left as they are, handling included. Returns how many were new.
    public func record(_ warnings: [EarlyWarning], batch: SnapshotBatch, previous: SnapshotBatch) async throws -> Int {
        var added = 0
        // One statement per 1,000 warnings, as arrays.
        for start in stride(from: 0, to: warnings.count, by: 1_000) {
            let part = warnings[start..<min(warnings.count, start + 1_000)]
            let rows = try await database.client.query(
                """
                INSERT INTO warnings (batch_id, previous_batch, uscc, kind, detail, value_before, value_after, raised_at)
                SELECT \(batch.id), \(previous.id), u, k, d, nullif(b, 'NaN'::float8), nullif(a, 'NaN'::float8), b2.created_at
                FROM unnest(\(part.map(\.uscc))::text[], \(part.map(\.kind.rawValue))::text[], \(part.map(\.detail))::text[],
                            \(part.map { $0.before ?? .nan })::float8[], \(part.map { $0.after ?? .nan })::float8[]) AS w(u, k, d, b, a)
                JOIN snapshot_batches b2 ON b2.id = \(batch.id)
                ON CONFLICT (uscc, batch_id, kind) DO NOTHING
                RETURNING id
                """, logger: database.logger)
            for try await _ in rows { added += 1 }
        }
        return added
    }

    /// The warnings raised by `batch`, and every warning of an earlier build still open, with the
    /// firms' names and codes.
    public func list(batch: Int64) async throws -> [StoredWarning] {
        try await select(
            "SELECT \(unescaped: Self.columns) WHERE w.batch_id = \(batch) OR (w.batch_id < \(batch) AND w.handled_at IS NULL) ORDER BY w.id"
        )
    }

    public func warning(id: Int64) async throws -> StoredWarning? {
        try await select("SELECT \(unescaped: Self.columns) WHERE w.id = \(id)").first
    }

    /// Marks warning `id` handled now with `note`. Throws `notFound` for an unknown id and
    /// `invalidInput` when it was already handled (handling is recorded once).
    @discardableResult
    public func acknowledge(id: Int64, note: String) async throws -> StoredWarning {
        let rows = try await database.client.query(
            "UPDATE warnings SET handled_at = now(), note = \(note) WHERE id = \(id) AND handled_at IS NULL RETURNING id",
            logger: database.logger)
        var updated = false
        for try await _ in rows { updated = true }
        guard let warning = try await warning(id: id) else { throw StoreError(.notFound, "no warning \(id)") }
        guard updated else {
            let when = warning.handledAt.map { "\($0)" } ?? "earlier"
            throw StoreError(.invalidInput, "warning \(id) was already handled (\(when)): \(warning.note ?? "")")
        }
        return warning
    }

    static let columns = """
        w.id, w.batch_id, w.uscc::text, coalesce(f.name, ''), coalesce(f.industry, ''), coalesce(f.region::text, ''),
        w.kind, w.detail, w.raised_at, w.handled_at, w.note FROM warnings w LEFT JOIN firms f ON f.uscc = w.uscc
        """

    func select(_ query: PostgresQuery) async throws -> [StoredWarning] {
        var out: [StoredWarning] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, batch, uscc, name, industry, region, kind, detail, raised, handled, note) in rows.decode(
            (Int64, Int64, String, String, String, String, String, String, Date, Date?, String?).self)
        {
            out.append(
                StoredWarning(
                    id: id, batchID: batch, uscc: uscc, name: name, industry: industry, region: region, kind: kind,
                    detail: detail,
                    raisedAt: raised, handledAt: handled, note: note))
        }
        return out
    }
}
