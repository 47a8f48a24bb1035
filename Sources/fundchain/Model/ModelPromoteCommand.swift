import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// `fundchain model promote FILE --note TEXT --batch N`: makes a model the champion from the next
/// build on, resting on its backtest on a batch that scored it (docs/models.md).
struct ModelPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Make a scorecard the champion that later builds use, with a note and the backtest it rests on.",
        discussion: """
            FILE must have been scored in batch N, as its champion or a challenger (`fundchain build \
            --challenger FILE`): it is found by the sha256 of its text, as scoring_models stores it. The \
            promotion records who (the database user), when, the note, the model's sha256 and its \
            backtest on batch N (the population of `report backtest`: firms, defaults, AUC with DeLong's \
            95 % interval, KS, Gini, observed months) in the append-only table model_promotions. The \
            fundchain_admin group promotes. Exit codes: 2 the file is unreadable or not a valid \
            scorecard; 3 refused (no batch N, the model was not scored in it, or no default to \
            backtest against).
            """)

    @Argument(help: ArgumentHelp("The scorecard YAML file to promote.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Why the model is promoted (stored with the promotion).", valueName: "text"))
    var note: String

    @Option(
        help: ArgumentHelp(
            "The batch whose backtest the promotion rests on; it must have scored FILE.", valueName: "id"))
    var batch: Int64

    @Option(
        name: .customLong("horizon-months"),
        help: ArgumentHelp("Months after the as-of date a default counts in.", valueName: "n"))
    var horizonMonths = 12

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--note must say why the model is promoted; it is empty")
        }
        guard batch >= 1 else { throw ValidationError("--batch must be a positive batch id") }
        guard (1...60).contains(horizonMonths) else { throw ValidationError("--horizon-months must be 1…60") }
    }

    func run() async throws {
        let model: BuildJob.Model
        do {
            model = try ModelFile.load(file)
        } catch let error as ValidationError {
            throw ModelFiles.fail(error.message)
        }
        let (id, horizon, note, path) = (batch, horizonMonths, note, file)
        let name = "\(model.card.id) v\(model.card.version) (sha256 \(model.sha256.prefix(12))…)"
        let promotion = try await database.withDatabase(logger: CLILogger.make()) { db in
            guard let batch = try await SnapshotStore(database: db).batch(id: id) else {
                throw Self.refuse("no batch \(id)")
            }
            guard let role = batch.models.firstIndex(of: model.sha256) else {
                throw Self.refuse(
                    "\(path): \(name) was not scored in batch \(id) (its champion is \(batch.modelSHA256.prefix(12))…"
                        + (batch.challengerSHA256s.isEmpty
                            ? ", without challengers)"
                            : ", its challengers \(batch.challengerSHA256s.map { $0.prefix(12) + "…" }.joined(separator: ", ")))")
                )
            }
            let registry = ModelRegistryStore(database: db)
            let population = BacktestPopulation(
                asOf: batch.asOf, horizonMonths: horizon,
                defaults: try await CreditEventStore(database: db).defaultDates())
            let (observations, _) = population.observations(try await registry.scores(batch: id, model: model.sha256))
            let summary = Backtest.summarize(observations)
            guard summary.defaults > 0 else {
                throw Self.refuse(
                    "no firm of batch \(id) defaulted within \(horizon) months of \(batch.asOf) (fundchain events import): "
                        + "there is no backtest to rest the promotion on")
            }
            let evidence = BacktestEvidence(
                summary, batchID: id, population: population, observedMonths: population.observedMonths(today: .today))
            Terminal.note(
                "\(name) is batch \(id)'s \(role == 0 ? "champion" : "challenger \(role)"); its backtest: \(evidence.text)"
            )
            return try await registry.promote(sha256: model.sha256, note: note, evidence: evidence)
        }
        print(
            "promoted \(name) to champion (promotion \(promotion.id), by \(promotion.promotedBy) at "
                + "\(ModelListCommand.time(promotion.promotedAt))): builds without --model use it from now on")
    }

    /// Prints `message` on stderr and returns the refusal exit code to throw.
    static func refuse(_ message: String) -> ExitCode {
        Terminal.note("error: " + message)
        return ModelExitCode.checkFailed
    }
}

extension BacktestEvidence {
    /// One line: horizon, firms, defaults, AUC with its interval, KS, Gini.
    var text: String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "–" }
        let observed = observedMonths >= horizonMonths ? "" : " (\(observedMonths) observed)"
        return
            "batch \(batchID) as of \(asOf), \(horizonMonths) months\(observed): \(firms) firms, \(defaults) defaults, "
            + "AUC \(f(auc)) [\(f(aucLow)), \(f(aucHigh))], KS \(f(ks)), Gini \(f(gini))"
    }
}
