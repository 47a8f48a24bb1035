import FundChainCore
import FundChainReports
import FundChainStore
import NIOCore

/// What `fundchain report challenger` reads: a batch's firms with the champion's score from the
/// rows and each challenger's from the bodies' `"challengers"` (`ChallengerBodyReader`).
extension ReportStore {
    /// The batch scored by its champion and challengers, firms sorted by USCC.
    ///
    /// - Throws: `notFound` when the batch has no challengers; `corruptData` when a model is
    ///   not stored or a body lacks a challenger's score.
    /// - Complexity: O(total body size) bytes read, but each body is walked only up to its
    ///   `"challengers"` (its second member).
    public func loadChallengers(_ batch: SnapshotBatch) async throws -> ChallengerBatch {
        guard !batch.challengerSHA256s.isEmpty else {
            throw StoreError(.notFound, "batch \(batch.id) has no challengers (build with --challenger FILE)")
        }
        let snapshots = SnapshotStore(database: database)
        var models: [ChallengerBatch.Model] = []
        for sha in batch.models {
            guard let model = try await snapshots.model(sha256: sha) else {
                throw StoreError(.corruptData, "batch \(batch.id) names model \(sha), which is not in scoring_models")
            }
            let grades = try Scorecard.load(yaml: model.body).grades.map(\.grade)
            models.append(ChallengerBatch.Model(id: model.id, version: model.version, sha256: sha, grades: grades))
        }
        let reader = ChallengerBodyReader(models: batch.challengerSHA256s)
        var firms: [ReportFirm] = []
        var scores = [[ChallengerBatch.Score]](repeating: [], count: batch.challengerSHA256s.count)
        firms.reserveCapacity(batch.firmCount)
        try await forEachFirm(of: batch, bodies: true, totals: [:]) { firm, body in
            guard let found = body.withUnsafeReadableBytes({ reader.read($0) }) else {
                throw StoreError(
                    .corruptData, "the snapshot of \(firm.uscc) in batch \(batch.id) lacks a challenger's score")
            }
            firms.append(firm)
            for (c, score) in found.enumerated() { scores[c].append(score) }
        }
        return ChallengerBatch(
            id: batch.id, asOf: batch.asOf, champion: models[0], challengers: Array(models.dropFirst()), firms: firms,
            scores: scores)
    }
}
