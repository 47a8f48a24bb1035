extension Scorecard {
    /// The most reason codes a score reports.
    public static let maxReasons = 4

    /// Scores one feature vector (a feature it lacks is missing).
    ///
    /// - Complexity: O(f log b) for f features of at most b bins, plus one hash lookup per
    ///   feature; allocates the result's two arrays and nothing per feature.
    public func score(_ vector: FeatureVector) -> ScoreResult {
        score { vector.values[features[$0].name] ?? .missing }
    }

    /// Scores values given in card order (`values[i]` is the value of `features[i]`): the
    /// fast path for bulk scoring, with no lookup by name.
    public func score(values: [FeatureValue]) -> ScoreResult {
        precondition(values.count == features.count, "one value per card feature")
        return score { values[$0] }
    }

    @inline(__always)
    func score(_ valueOf: (Int) -> FeatureValue) -> ScoreResult {
        var total = basePoints
        var scores = [FeatureScore]()
        scores.reserveCapacity(features.count)
        // The worst four (feature index, points lost), kept sorted: most lost first, then card order.
        var top: [(index: Int, lost: Int)] = []
        top.reserveCapacity(Self.maxReasons + 1)
        for i in features.indices {
            let value = valueOf(i)
            let bin = features[i].binIndex(for: value)
            let points = features[i].bins[bin].points
            let lost = features[i].index.bestPoints - points
            total += points
            scores.append(
                FeatureScore(feature: features[i].name, value: value, bin: bin, points: points, pointsLost: lost))
            if lost > 0 {
                // Insert after every entry that lost at least as much (earlier features win ties).
                var at = top.count
                while at > 0, top[at - 1].lost < lost { at -= 1 }
                if at < Self.maxReasons {
                    top.insert((i, lost), at: at)
                    if top.count > Self.maxReasons { top.removeLast() }
                }
            }
        }
        let reasons = top.map { entry in
            Reason(
                code: features[entry.index].reasonCode, text: features[entry.index].reasonText,
                feature: features[entry.index].name, value: scores[entry.index].value, pointsLost: entry.lost)
        }
        return ScoreResult(
            points: total, pd: pd(points: total), grade: grade(points: total), features: scores, reasons: reasons)
    }

    /// The PD of a total score under this card's calibration.
    public func pd(points: Int) -> Double {
        guard let table = calibration.table, !table.isEmpty else { return scaling.pd(score: Double(points)) }
        var chosen = table[0].pd
        for row in table where row.minScore <= points { chosen = row.pd }
        return chosen
    }

    /// The grade of a total score (the bands of a valid card cover every possible score; a score
    /// outside all bands gets the nearest end band).
    public func grade(points: Int) -> String {
        for band in grades where band.contains(points) { return band.grade }
        guard let best = grades.first, let worst = grades.last else { return "" }
        if let min = best.min, points >= min { return best.grade }
        return worst.grade
    }
}
