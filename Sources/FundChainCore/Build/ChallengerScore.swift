/// One challenger model's score of a firm, recorded in the firm's snapshot beside the champion's
/// (`"challengers"`, docs/snapshots.md): the model's identity and the points, PD and grade it
/// gave the firm's features. Reasons are the champion's alone.
public struct ChallengerScore: Sendable, Hashable {
    public var modelID: String
    public var version: String
    /// Lowercase hex SHA-256 of the model's text (its row in `scoring_models`).
    public var sha256: String
    public var points: Int
    public var pd: Double
    public var grade: String

    public init(modelID: String, version: String, sha256: String, points: Int, pd: Double, grade: String) {
        self.modelID = modelID
        self.version = version
        self.sha256 = sha256
        self.points = points
        self.pd = pd
        self.grade = grade
    }

    /// `{"grade", "model": {"id", "sha256", "version"}, "pd", "points"}`.
    public var json: JSONValue {
        .object([
            "model": .object(["id": .string(modelID), "version": .string(version), "sha256": .string(sha256)]),
            "points": .int(Int64(points)), "pd": .number(pd), "grade": .string(grade),
        ])
    }

    /// Reads one entry of a body's `"challengers"`; `nil` when a member is missing, mistyped or
    /// unknown (`SnapshotBody(json:)` names which).
    public init?(json: JSONValue) {
        guard let score = try? ChallengerScore(reading: JSONObjectReader(json)) else { return nil }
        self = score
    }
}

/// Scores every firm of a profile table with a challenger card: points, PD and grade only (no
/// reason evidence or peer percentiles, which only the champion's score carries), so that a
/// challenger costs the build its own scoring and nothing more.
public struct ChallengerScorer: Sendable {
    public let card: Scorecard
    public let sha256: String
    let columns: [Int]

    public init(card: Scorecard, sha256: String) throws(BuildScorer.UnknownFeatureError) {
        self.card = card
        self.sha256 = sha256
        columns = try BuildScorer.columns(of: card)
    }

    /// Every firm's score, in firm order.
    ///
    /// - Complexity: O(n × f log b) for n firms and f features of at most b bins.
    public func score(_ table: ProfileTable, parallelism: Int = 1) -> [ChallengerScore] {
        Parallel.map(ranges: table.count, chunks: parallelism * 8) { range in
            range.map { firm in
                let result = card.score(values: columns.map { table.value(firm: firm, column: $0) })
                return ChallengerScore(
                    modelID: card.id, version: card.version, sha256: sha256, points: result.points, pd: result.pd,
                    grade: result.grade)
            }
        }.flatMap { $0 }
    }
}
