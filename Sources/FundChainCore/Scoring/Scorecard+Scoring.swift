extension Scorecard {
    /// The most reason codes a score reports.
    public static let maxReasons = 4

    /// Scores one feature vector.
    ///
    /// - Complexity: O(f log b) for f features of at most b bins; allocates the result's two
    ///   arrays and nothing per feature.
    public func score(_ vector: FeatureVector) -> ScoreResult {
        var total = basePoints
        var scores = [FeatureScore]()
        scores.reserveCapacity(features.count)
        // The worst four (feature index, points lost), kept sorted: most lost first, then card order.
        var top: [(index: Int, lost: Int)] = []
        top.reserveCapacity(Self.maxReasons + 1)
        for (i, feature) in features.enumerated() {
            let value = vector[feature.name]
            let bin = feature.binIndex(for: value)
            let points = feature.bins[bin].points
            let lost = feature.maxPoints - points
            total += points
            scores.append(FeatureScore(feature: feature.name, value: value, bin: bin, points: points, pointsLost: lost))
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
            let feature = features[entry.index]
            return Reason(
                code: feature.reasonCode, text: feature.reasonText, feature: feature.name,
                value: scores[entry.index].value, pointsLost: entry.lost)
        }
        return ScoreResult(points: total, pd: pd(points: total), grade: grade(points: total), features: scores, reasons: reasons)
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
