import FundChainCore
import FundChainReports
import FundChainStore
import PostgresNIO

/// What the outcome of warnings is judged on (`WarningOutcomes`): read only, from `warnings`,
/// `snapshot_batches`, `snapshots` and `firms` (credit events come from `CreditEventStore`).
extension WarningStore {
    /// Every warning raised by the builds up to `batch` (handled or not): build, firm and kind.
    ///
    /// - Complexity: one scan of `warnings`.
    public func raised(upTo batch: Int64) async throws -> [WarningOutcomes.Warned] {
        var out: [WarningOutcomes.Warned] = []
        let rows = try await database.client.query(
            "SELECT batch_id, uscc::text, kind FROM warnings WHERE batch_id <= \(batch) ORDER BY batch_id, uscc, kind",
            logger: database.logger)
        for try await (id, uscc, kind) in rows.decode((Int64, String, String).self) {
            out.append(WarningOutcomes.Warned(batchID: id, uscc: uscc, kind: kind))
        }
        return out
    }

    /// The builds up to `batch` that raised at least one warning, each with every firm it scored
    /// and the firm's town and industry codes, by build id.
    ///
    /// - Complexity: one pass over those builds' snapshots (their index by batch), bodies not read.
    public func raisingBuilds(upTo batch: Int64) async throws -> [WarningOutcomes.Build] {
        var builds: [WarningOutcomes.Build] = []
        let query: PostgresQuery = """
            SELECT b.id, b.as_of::text, s.uscc::text, f.region::text, f.industry
            FROM snapshot_batches b JOIN snapshots s ON s.batch_id = b.id JOIN firms f ON f.uscc = s.uscc
            WHERE b.id IN (SELECT DISTINCT batch_id FROM warnings WHERE batch_id <= \(batch))
            ORDER BY b.id, s.uscc
            """
        // Cells decoded one by one, as ReportStore.load does for a build's firms.
        for try await row in try await database.client.query(query, logger: database.logger) {
            var cells = row.makeIterator()
            let id = try cells.next()!.decode(Int64.self)
            let asOf = try cells.next()!.decode(String.self)
            let firm = WarningOutcomes.Firm(
                uscc: try cells.next()!.decode(String.self), region: try cells.next()!.decode(String.self),
                industry: try cells.next()!.decode(String.self))
            if builds.last?.id != id {
                guard let date = try? CalendarDate(parsing: asOf) else {
                    throw StoreError(.corruptData, "snapshot_batches \(id): as_of '\(asOf)' is not a date")
                }
                builds.append(WarningOutcomes.Build(id: id, asOf: date, firms: []))
            }
            builds[builds.count - 1].firms.append(firm)
        }
        return builds
    }
}
