/// What differs between the two scorecards of a diff.
extension SnapshotDiff {
    /// One line per difference: the model's name and sha256, then base points, scaling, grade
    /// bands, calibration, features added or removed, and per common feature the bins or points
    /// that differ. Without both cards, only the first line.
    /// - Complexity: O(features × bins).
    static func modelDifferences(old: Scorecard?, new: Scorecard?, oldID: ModelID, newID: ModelID) -> [String] {
        var lines = [
            "model changed: \(oldID.label) (sha256 \(oldID.sha256.prefix(12))…) → \(newID.label) (sha256 \(newID.sha256.prefix(12))…)"
        ]
        guard let old, let new else {
            lines.append("(a model text is not stored: bins and points not compared)")
            return lines
        }
        if old.basePoints != new.basePoints { lines.append("base points \(old.basePoints) → \(new.basePoints)") }
        if old.scaling != new.scaling {
            lines.append(
                "scaling: base score \(old.scaling.baseScore), odds \(old.scaling.baseOdds), pdo \(old.scaling.pdo) → "
                    + "\(new.scaling.baseScore), \(new.scaling.baseOdds), \(new.scaling.pdo)")
        }
        if old.grades != new.grades {
            func bands(_ card: Scorecard) -> String {
                card.grades.map { "\($0.grade) \($0.min.map(String.init) ?? "")…\($0.max.map(String.init) ?? "")" }
                    .joined(separator: ", ")
            }
            lines.append("grade bands: \(bands(old)) → \(bands(new))")
        }
        if old.calibration != new.calibration { lines.append("PD calibration changed") }
        let oldNames = old.features.map(\.name), newNames = new.features.map(\.name)
        let removed = oldNames.filter { !newNames.contains($0) }
        let added = newNames.filter { !oldNames.contains($0) }
        if !removed.isEmpty { lines.append("features removed: \(removed.joined(separator: ", "))") }
        if !added.isEmpty { lines.append("features added: \(added.joined(separator: ", "))") }
        for feature in old.features {
            guard let other = new.features.first(where: { $0.name == feature.name }), other.bins != feature.bins else {
                continue
            }
            let before = feature.bins.map { "\($0.label): \($0.points)" }
            let after = other.bins.map { "\($0.label): \($0.points)" }
            if before.count == after.count, zip(feature.bins, other.bins).allSatisfy({ $0.label == $1.label }) {
                let moved = zip(feature.bins, other.bins).filter { $0.points != $1.points }
                    .map { "\($0.label) \($0.points) → \($1.points)" }
                lines.append(
                    "\(feature.name): " + (moved.isEmpty ? "bin details changed" : moved.joined(separator: "; ")))
            } else {
                lines.append(
                    "\(feature.name): bins [\(before.joined(separator: "; "))] → [\(after.joined(separator: "; "))]")
            }
        }
        return lines
    }
}
