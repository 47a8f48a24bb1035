import FundChainCore
import FundChainReports
import FundChainStore

/// Raising a batch's early warnings: the job beside `BuildJob`. `fundchain build` runs it on the
/// batch it has just written, and `fundchain warnings scan` on any batch; `fundchain report
/// warnings` only reads what it stored. Compares the batch with its predecessor (the batch with
/// the next lower id) firm by firm (`WarningDetector`), stores the warnings found (once per firm,
/// batch and kind: running it again adds nothing, handling is kept) and records the run in
/// `warning_scans`.
public struct WarningScanJob: Sendable {
    public let database: Database
    /// The rules, with the score-drop threshold (default 30 points).
    public let detector: WarningDetector

    public init(database: Database, detector: WarningDetector = WarningDetector()) {
        self.database = database
        self.detector = detector
    }

    /// Scans `batch`; `progress` is told each step (for stderr). The first batch has nothing to
    /// be compared with: its scan is recorded with no warnings.
    ///
    /// - Returns: the recorded scan: how many warnings were found and how many were new.
    /// - Complexity: reads both batches at once as `ReportStore.load` does (O(total body size)
    ///   bytes), then O(n + m) for their firms; one INSERT per 1,000 warnings.
    public func run(_ batch: SnapshotBatch, progress: @Sendable (String) -> Void = { _ in }) async throws
        -> WarningScan
    {
        let reports = ReportStore(database: database)
        let warnings = WarningStore(database: database)
        guard let previous = try await reports.previous(of: batch) else {
            return try await warnings.recordScan(
                batch: batch.id, previous: nil, scoreDrop: detector.scoreDrop, raised: 0, added: 0)
        }
        // Both at once, on two connections, as the reports that compare two builds read them:
        // each load keeps one core busy only part of the time (the server reading bodies, the
        // client parsing them), so together they use both.
        progress("reading batches \(batch.id) and \(previous.id)")
        async let loading = reports.load(batch)
        let before = try await reports.load(previous)
        let current = try await loading
        progress("comparing batch \(batch.id) with batch \(previous.id)")
        let found = detector.detect(current, previous: before)
        let added = try await warnings.record(found, batch: batch, previous: previous)
        database.logger.debug(
            "warnings: batch scanned",
            metadata: [
                "fundchain.batch": "\(batch.id)", "fundchain.raised": "\(found.count)", "fundchain.added": "\(added)",
            ])
        return try await warnings.recordScan(
            batch: batch.id, previous: previous.id, scoreDrop: detector.scoreDrop, raised: found.count, added: added)
    }
}
