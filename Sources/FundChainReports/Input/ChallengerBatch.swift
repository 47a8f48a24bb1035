import FundChainCore

/// One build scored by its champion and its challengers, as `fundchain report challenger` sees
/// it: the firms (sorted by USCC) with the champion's score, and each challenger's score of the
/// same firms from the bodies' `"challengers"`.
public struct ChallengerBatch: Sendable {
    /// A model that scored the batch.
    public struct Model: Sendable, Equatable {
        public var id: String
        public var version: String
        public var sha256: String
        /// Its grades, best first.
        public var grades: [String]

        public init(id: String, version: String, sha256: String, grades: [String]) {
            self.id = id
            self.version = version
            self.sha256 = sha256
            self.grades = grades
        }

        /// `id vversion`, as the CLI names models.
        public var name: String { "\(id) v\(version)" }
    }

    /// One model's score of one firm: the snapshot body's own type.
    public typealias Score = SnapshotBody.Score

    public var id: Int64
    public var asOf: CalendarDate
    public var champion: Model
    /// In the order the bodies list them (`snapshot_batches.challenger_sha256s`).
    public var challengers: [Model]
    /// The champion's scores are the firms' `score`, `pd` and `grade`.
    public var firms: [ReportFirm]
    /// `scores[c][f]`: challenger `c`'s score of firm `f`.
    public var scores: [[Score]]

    public init(
        id: Int64, asOf: CalendarDate, champion: Model, challengers: [Model], firms: [ReportFirm], scores: [[Score]]
    ) {
        precondition(
            scores.count == challengers.count && scores.allSatisfy { $0.count == firms.count },
            "a score per challenger and firm")
        self.id = id
        self.asOf = asOf
        self.champion = champion
        self.challengers = challengers
        self.firms = firms
        self.scores = scores
    }

    /// Every model, the champion first.
    public var models: [Model] { [champion] + challengers }

    /// Model `m`'s (0 the champion, then the challengers) score of firm `f`.
    public func score(model m: Int, firm f: Int) -> Score {
        guard m > 0 else { return Score(points: firms[f].score, pd: firms[f].pd, grade: firms[f].grade) }
        return scores[m - 1][f]
    }
}

/// Reads a snapshot body's `"challengers"` (the body's second member in canonical order)
/// without parsing the rest: see `JSONMembers`.
public struct ChallengerBodyReader: Sendable {
    /// The challengers' sha256s, in the batch's order.
    public let models: [String]

    public init(models: [String]) { self.models = models }

    /// Each challenger's score, in `models` order; `nil` when the body lacks one of them (or its
    /// `"challengers"` is malformed).
    ///
    /// - Complexity: O(length of the members before `"challengers"` and of its value).
    public func read(_ body: UnsafeRawBufferPointer) -> [ChallengerBatch.Score]? {
        guard let range = JSONMembers.value(of: "challengers", in: body, object: 0..<body.count),
            let list = try? JSONValue(parsing: Array(UnsafeRawBufferPointer(rebasing: body[range])))
        else { return nil }
        var bySHA: [String: ChallengerBatch.Score] = [:]
        for entry in list.arrayValue ?? [] {
            guard let score = ChallengerScore(json: entry) else { return nil }
            bySHA[score.sha256] = .init(points: score.points, pd: score.pd, grade: score.grade)
        }
        var out: [ChallengerBatch.Score] = []
        out.reserveCapacity(models.count)
        for sha in models {
            guard let score = bySHA[sha] else { return nil }
            out.append(score)
        }
        return out
    }
}
