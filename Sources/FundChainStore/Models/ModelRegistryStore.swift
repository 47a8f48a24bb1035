import Foundation
import FundChainCore
import PostgresNIO

/// The scoring models FundChain has used (`scoring_models`) and the promotions that made one of
/// them the champion (`model_promotions`, append-only; docs/models.md). The current champion is
/// the model of the latest promotion; builds without `--model` use it.
public struct ModelRegistryStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// A row of `scoring_models`, without its text.
    public struct StoredModel: Sendable, Equatable {
        public var sha256: String
        public var id: String
        public var version: String
        public var loadedAt: Date
    }

    /// A row of `model_promotions`, with its model's id and version.
    public struct Promotion: Sendable, Equatable {
        public var id: Int64
        public var modelSHA256: String
        public var modelID: String
        public var version: String
        /// The database user who promoted it (the session user, filled by the database).
        public var promotedBy: String
        public var promotedAt: Date
        public var note: String
        /// The stored evidence; `nil` when it does not read as `BacktestEvidence`.
        public var evidence: BacktestEvidence?
    }

    /// Every stored model, oldest first.
    public func models() async throws -> [StoredModel] {
        var out: [StoredModel] = []
        let rows = try await database.client.query(
            "SELECT sha256, model_id, version, loaded_at FROM scoring_models ORDER BY loaded_at, sha256",
            logger: database.logger)
        for try await (sha, id, version, loaded) in rows.decode((String, String, String, Date).self) {
            out.append(StoredModel(sha256: sha, id: id, version: version, loadedAt: loaded))
        }
        return out
    }

    /// Every promotion, oldest first (the last is the current champion's).
    public func promotions() async throws -> [Promotion] {
        try await promotions(.all)
    }

    /// The current champion: the latest promotion's model, with its text; `nil` before the first
    /// promotion.
    public func champion() async throws -> (model: SnapshotModel, promotion: Promotion)? {
        guard let promotion = try await promotions(.latest).first else { return nil }
        guard let model = try await SnapshotStore(database: database).model(sha256: promotion.modelSHA256) else {
            throw StoreError(
                .corruptData, "promotion \(promotion.id) names model \(promotion.modelSHA256), which is not stored")
        }
        return (model, promotion)
    }

    /// Records a promotion of the stored model `sha256`; the database fills in who and when.
    /// - Throws: `invalidInput` for an empty note or an unknown model.
    public func promote(sha256: String, note: String, evidence: BacktestEvidence) async throws -> Promotion {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw StoreError(.invalidInput, "a promotion needs a note saying why") }
        let json = String(decoding: evidence.json.canonicalBytes(), as: UTF8.self)
        let rows = try await database.client.query(
            """
            INSERT INTO model_promotions (model_sha256, note, evidence)
            SELECT sha256, \(note), \(json)::jsonb FROM scoring_models WHERE sha256 = \(sha256)
            RETURNING id
            """, logger: database.logger
        ).collect()
        guard let id = try rows.first?.decode(Int64.self) else {
            throw StoreError(.invalidInput, "model \(sha256) is not in scoring_models (no build has used it)")
        }
        return try await promotions(.id(id)).first!
    }

    /// Each firm's score by model `sha256` in batch `batch` (the champion's from the rows, a
    /// challenger's from the bodies), through the view `snapshot_model_scores`, which the admin
    /// group may read where it may not read `snapshots`.
    ///
    /// - Complexity: one scan of the batch's snapshots; for a challenger, each body parsed by
    ///   the server.
    public func scores(batch: Int64, model sha256: String) async throws -> [(uscc: String, grade: String, pd: Double)] {
        var out: [(uscc: String, grade: String, pd: Double)] = []
        let rows = try await database.client.query(
            """
            SELECT uscc::text, grade, pd FROM snapshot_model_scores
            WHERE batch_id = \(batch) AND model_sha256 = \(sha256) ORDER BY uscc
            """, logger: database.logger)
        for try await (uscc, grade, pd) in rows.decode((String, String, Double).self) {
            out.append((uscc, grade, pd))
        }
        return out
    }

    enum Which {
        case all, latest
        case id(Int64)
    }

    static let promotionColumns = """
        p.id, p.model_sha256, m.model_id, m.version, p.promoted_by, p.promoted_at, p.note, p.evidence::text
        FROM model_promotions p JOIN scoring_models m ON m.sha256 = p.model_sha256
        """

    func promotions(_ which: Which) async throws -> [Promotion] {
        let query: PostgresQuery =
            switch which {
            case .all: "SELECT \(unescaped: Self.promotionColumns) ORDER BY p.id"
            case .latest: "SELECT \(unescaped: Self.promotionColumns) ORDER BY p.id DESC LIMIT 1"
            case .id(let id): "SELECT \(unescaped: Self.promotionColumns) WHERE p.id = \(id)"
            }
        var out: [Promotion] = []
        let rows = try await database.client.query(query, logger: database.logger)
        for try await (id, sha, model, version, by, at, note, evidence) in rows.decode(
            (Int64, String, String, String, String, Date, String, String).self)
        {
            let parsed = (try? JSONValue(parsing: Array(evidence.utf8))).flatMap(BacktestEvidence.init(json:))
            out.append(
                Promotion(
                    id: id, modelSHA256: sha, modelID: model, version: version, promotedBy: by, promotedAt: at,
                    note: note,
                    evidence: parsed))
        }
        return out
    }
}
