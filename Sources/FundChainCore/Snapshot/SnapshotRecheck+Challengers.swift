/// The challengers a snapshot records beside its champion score (`"challengers"`), checked like
/// the champion's: the models the batch names, each re-scored with its stored card.
extension SnapshotRecheck {
    /// What differs, one phrase each: the body's challenger models against the batch's list (in
    /// order), and each challenger's points, PD and grade against its card's scoring of the
    /// body's features. A body without `"challengers"` has none. (A malformed entry or an empty
    /// list does not read as `SnapshotBody`: `problems` reports it.)
    /// - Complexity: O(challengers × card size).
    static func challengerProblems(body: SnapshotBody, batchChallengers: [String], cards: [String: Scorecard])
        -> [String]
    {
        let scores = body.challengers
        let named = scores.map(\.sha256)
        guard named == batchChallengers else {
            let list = { (shas: [String]) in shas.isEmpty ? "none" : shas.joined(separator: ", ") }
            return ["body's challenger models are \(list(named)), the batch's are \(list(batchChallengers))"]
        }
        var problems: [String] = []
        for (n, score) in scores.enumerated() {
            guard let card = cards[score.sha256] else {
                problems.append("cannot re-score challenger \(n + 1): model \(score.sha256) is not stored")
                continue
            }
            let model = "challenger \(card.id) v\(card.version)"
            if score.modelID != card.id || score.version != card.version {
                problems.append(
                    "challenger \(n + 1) names model \(score.modelID) v\(score.version), its sha256 is \(model)'s")
            }
            let rescored = card.score(body.features)
            if score.points != rescored.points {
                problems.append("re-scoring with \(model) gives \(rescored.points) points, body has \(score.points)")
            }
            if score.pd != rescored.pd {
                problems.append("re-scoring with \(model) gives PD \(rescored.pd), body has \(score.pd)")
            }
            if score.grade != rescored.grade {
                problems.append("re-scoring with \(model) gives grade \(rescored.grade), body has \(score.grade)")
            }
        }
        return problems
    }
}
