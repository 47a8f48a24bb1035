/// The content checks of `snapshot verify` for one stored snapshot (pure; the store streams the
/// rows): its columns against its body, and its body's features re-scored with its model
/// against the body's score, PD, grade, points per feature and reasons — compared exactly — and
/// with each challenger's model against the challenger's points, PD and grade
/// (`SnapshotRecheck+Challengers.swift`).
public enum SnapshotRecheck {
    /// A stored row's columns, beside its body.
    public struct Columns: Sendable {
        public var uscc: String
        public var asOf: String
        public var score: Int
        public var pd: Double
        public var grade: String
        public var inputFingerprint: String
        /// The batch's model sha256, which the body must name.
        public var batchModelSHA256: String
        /// The batch's challengers' sha256s, which the body's `"challengers"` must list in order.
        public var batchChallengerSHA256s: [String]

        public init(
            uscc: String, asOf: String, score: Int, pd: Double, grade: String, inputFingerprint: String,
            batchModelSHA256: String, batchChallengerSHA256s: [String] = []
        ) {
            self.uscc = uscc
            self.asOf = asOf
            self.score = score
            self.pd = pd
            self.grade = grade
            self.inputFingerprint = inputFingerprint
            self.batchModelSHA256 = batchModelSHA256
            self.batchChallengerSHA256s = batchChallengerSHA256s
        }
    }

    /// What differs, one phrase each (the caller prefixes the snapshot id and firm); empty when
    /// the snapshot is consistent. `cards` holds the scorecards by the sha256 of their text. A
    /// body that does not read as `SnapshotBody` (a member missing, mistyped or unknown) is one
    /// problem naming the member, and nothing else is compared.
    /// - Complexity: O(body size + card size).
    public static func problems(body bytes: [UInt8], columns: Columns, cards: [String: Scorecard]) -> [String] {
        let json: JSONValue
        do { json = try JSONValue(parsing: bytes) } catch { return ["body is not valid JSON: \(error)"] }
        var problems: [String] = []
        if json.canonicalBytes() != bytes { problems.append("body is not in canonical form") }
        let body: SnapshotBody
        do { body = try SnapshotBody(json: json) } catch {
            return problems + ["body is not a \(SnapshotBody.format) body: \(error)"]
        }
        func check(_ what: String, column: String, body value: String) {
            if value != column { problems.append("\(what) column is \(column), body has \(value)") }
        }
        check("uscc", column: columns.uscc, body: body.firm.uscc)
        check("as_of", column: columns.asOf, body: body.asOf.description)
        check("score", column: String(columns.score), body: String(body.score.points))
        check("pd", column: "\(columns.pd)", body: "\(body.score.pd)")
        check("grade", column: columns.grade, body: body.score.grade)
        check("input_fingerprint", column: columns.inputFingerprint, body: body.inputFingerprint)
        let sha = body.model.sha256
        if sha != columns.batchModelSHA256 {
            problems.append("body's model sha256 \(sha) is not the batch's \(columns.batchModelSHA256)")
        }
        if let card = cards[sha] {
            problems += rescoringProblems(body: body, rescored: card.score(body.features), card: card)
        } else {
            problems.append("cannot re-score: model \(sha) is not stored")
        }
        problems += challengerProblems(body: body, batchChallengers: columns.batchChallengerSHA256s, cards: cards)
        return problems
    }

    /// Re-scoring compared with what the body says.
    static func rescoringProblems(body: SnapshotBody, rescored: ScoreResult, card: Scorecard) -> [String] {
        var problems: [String] = []
        let model = "model \(card.id) v\(card.version)"
        let score = body.score
        if score.points != rescored.points {
            problems.append("re-scoring with \(model) gives \(rescored.points) points, body has \(score.points)")
        }
        if score.pd != rescored.pd {
            problems.append("re-scoring with \(model) gives PD \(rescored.pd), body has \(text(.number(score.pd)))")
        }
        if score.grade != rescored.grade {
            problems.append(
                "re-scoring with \(model) gives grade \(rescored.grade), body has \(text(.string(score.grade)))")
        }
        let points = body.featurePoints
        for feature in rescored.features where points[feature.feature] != feature.points {
            problems.append(
                "re-scoring with \(model) gives \(feature.feature) \(feature.points) points, body has "
                    + (points[feature.feature].map(String.init) ?? "none"))
        }
        let cardFeatures = Set(rescored.features.map(\.feature))
        for name in points.keys.sorted() where !cardFeatures.contains(name) {
            problems.append("body has points for \(name), which \(model) does not score")
        }
        let stored = body.reasons.map { "\($0.code)/\($0.feature)/−\($0.pointsLost)" }
        let expected = rescored.reasons.map { "\($0.code)/\($0.feature)/−\($0.pointsLost)" }
        if stored != expected {
            problems.append(
                "re-scoring with \(model) gives reasons [\(expected.joined(separator: ", "))], body has [\(stored.joined(separator: ", "))]"
            )
        }
        return problems
    }

    static func text(_ value: JSONValue?) -> String {
        guard let value else { return "none" }
        return String(decoding: value.canonicalBytes(), as: UTF8.self)
    }
}
