import Foundation
import FundChainCore
import FundChainReportStore
import FundChainReports
import FundChainStore

/// What `model fit --from-batch` and `model validate --batch` read: a batch's stored features and
/// scores, the credit events, and the outcome sample chosen as `report backtest` chooses it.
struct ModelBatchData: Sendable {
    var batch: SnapshotBatch
    var loaded: ReportBatch
    var sample: OutcomeSample
    /// "id version" of the model the batch was scored with (or its sha256 when unknown).
    var batchModel: String
    var observedMonths: Int
    /// Credit events of the population dated within the horizon, by kind (every kind listed).
    var eventsInHorizon: [String: Int]

    static func load(
        _ database: DatabaseOptions, batch id: Int64, horizonMonths: Int, filter: ReportFilter = .init()
    ) async throws -> ModelBatchData {
        try await database.withDatabase(logger: CLILogger.make()) { db in
            let snapshots = SnapshotStore(database: db)
            guard let batch = try await snapshots.batch(id: id) else {
                throw ModelFiles.fail("no batch \(id) (`fundchain snapshot list` shows the batches)")
            }
            Terminal.note(
                "reading build \(batch.id) (as of \(batch.asOf), \(batch.firmCount) firms), its features and the credit events…"
            )
            let loaded = try await ReportStore(database: db).load(batch)
            let events = try await CreditEventStore(database: db).events()
            let model = try await snapshots.model(sha256: batch.modelSHA256)
            let sample = OutcomeSample(
                loaded, defaults: DefaultDefinition.defaultDates(of: events), horizonMonths: horizonMonths,
                filter: filter)
            let today = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970)
            return ModelBatchData(
                batch: batch, loaded: loaded, sample: sample,
                batchModel: model.map { "\($0.id) \($0.version)" } ?? batch.modelSHA256,
                observedMonths: DefaultDefinition.observedMonths(asOf: batch.asOf, months: horizonMonths, today: today),
                eventsInHorizon: Self.eventsInHorizon(events, sample: sample, loaded: loaded))
        }
    }

    /// The population's events in (as-of, as-of + horizon], by kind.
    static func eventsInHorizon(_ events: [CreditEvent], sample: OutcomeSample, loaded: ReportBatch) -> [String: Int] {
        let members = Set(sample.rows.map { loaded.firms[$0].uscc })
        let end = DefaultDefinition.horizonEnd(asOf: loaded.asOf, months: sample.horizonMonths)
        var counts = Dictionary(uniqueKeysWithValues: CreditEventKind.allCases.map { ($0.rawValue, 0) })
        for event in events where members.contains(event.uscc.code) && loaded.asOf < event.date && event.date <= end {
            counts[event.kind.rawValue, default: 0] += 1
        }
        return counts
    }

    /// The card's training record for a fit on this sample.
    var training: ModelTraining {
        ModelTraining(
            batch: batch.id, asOf: batch.asOf.description, merkleRoot: batch.merkleRoot,
            horizonMonths: sample.horizonMonths,
            observedMonths: observedMonths, firms: sample.rows.count, defaults: sample.defaults,
            alreadyInDefault: sample.alreadyInDefault, eventsInHorizon: eventsInHorizon)
    }

    var backtestContext: BacktestReport.Context {
        BacktestReport.Context(
            batchID: batch.id, asOf: batch.asOf, model: batchModel, horizonMonths: sample.horizonMonths,
            observedMonths: observedMonths, alreadyInDefault: sample.alreadyInDefault)
    }

    /// The sample's firms as backtest observations with the given PDs and grades.
    func observations(pds: [Double], grades: [String]) -> [Backtest.Observation] {
        sample.observations(loaded, pds: pds, grades: grades)
    }

    /// The batch's own PDs and grades as observations.
    var batchObservations: [Backtest.Observation] { sample.batchObservations(loaded) }
}
