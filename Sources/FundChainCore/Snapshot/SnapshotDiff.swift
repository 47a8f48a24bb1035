/// What changed between two snapshot bodies, and why the score moved.
///
/// A score change splits in two: the **model effect**, re-scoring the old snapshot's features
/// with the new model minus the old score (same data, new model), and the **data effect**, the
/// new score minus that re-score (same model, new data). Per feature, `points` come from the
/// two snapshots' `feature_points`; `dataPoints` is what the value change alone is worth under
/// the new model. Body keys are treated generically: every feature in either body is compared,
/// and other top-level keys that differ are listed by name.
public struct SnapshotDiff: Sendable {
    public struct FeatureChange: Sendable, Equatable {
        public var name: String
        /// `nil` when the feature is absent from that body.
        public var old: JSONValue?
        public var new: JSONValue?
        /// new − old, when both are numbers.
        public var delta: Double?
        /// Points the feature earned in each snapshot (`nil` when that model did not score it).
        public var oldPoints: Int?
        public var newPoints: Int?
        /// Points the value change alone moves the score under the new model (`nil` when the
        /// new model does not score the feature or is not available).
        public var dataPoints: Int?

        /// newPoints − oldPoints (a missing side counts 0).
        public var pointsMoved: Int { (newPoints ?? 0) - (oldPoints ?? 0) }
        public var valueChanged: Bool { old != new }
    }

    /// The two sides' headline: firm, as-of date, score, PD, grade, model.
    public struct Side: Sendable, Equatable {
        public var uscc: String
        public var asOf: String
        public var points: Int?
        public var pd: Double?
        public var grade: String
        public var model: ModelID
        public var reasons: [String]
    }

    public struct ModelID: Sendable, Equatable {
        public var id: String
        public var version: String
        public var sha256: String
        public var label: String { "\(id) v\(version)" }
    }

    public var old: Side
    public var new: Side
    /// Features whose value or points differ, the largest score movers first, then by name.
    public var features: [FeatureChange]
    /// Top-level body keys (besides features, score, points and reasons) whose values differ.
    public var otherChanges: [String]
    /// The old features scored with the new model; `nil` without the new model's card.
    public var rescoredOld: Int?
    /// Model differences (empty when the two snapshots used the same model text).
    public var modelChanges: [String]

    public var sameFirm: Bool { old.uscc == new.uscc }
    public var modelChanged: Bool { old.model.sha256 != new.model.sha256 }
    /// New score minus old score.
    public var scoreChange: Int? { new.points.flatMap { n in old.points.map { n - $0 } } }
    /// rescoredOld − old score: the part of the change the model made.
    public var modelEffect: Int? { rescoredOld.flatMap { r in old.points.map { r - $0 } } }
    /// new score − rescoredOld: the part of the change the data made.
    public var dataEffect: Int? { rescoredOld.flatMap { r in new.points.map { $0 - r } } }

    /// Compares `old` with `new`; `oldCard` and `newCard` are the scorecards named by each body's
    /// `model.sha256` (pass `nil` when not available: the split by cause is then left out).
    /// - Complexity: O(features × log bins).
    public init(old: JSONValue, new: JSONValue, oldCard: Scorecard?, newCard: Scorecard?) {
        self.old = Self.side(old)
        self.new = Self.side(new)
        let oldFeatures = old["features"]?.objectValue ?? [:]
        let newFeatures = new["features"]?.objectValue ?? [:]
        let oldPoints = old["feature_points"]?.objectValue ?? [:]
        let newPoints = new["feature_points"]?.objectValue ?? [:]
        let newCardFeatures = Dictionary(
            (newCard?.features ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var names = Set(oldFeatures.keys).union(newFeatures.keys)
        names.formUnion(oldPoints.keys)
        names.formUnion(newPoints.keys)
        var changes: [FeatureChange] = []
        for name in names {
            let a = oldFeatures[name], b = newFeatures[name]
            var change = FeatureChange(
                name: name, old: a, new: b, delta: nil, oldPoints: oldPoints[name]?.intValue,
                newPoints: newPoints[name]?.intValue, dataPoints: nil)
            guard change.valueChanged || change.oldPoints != change.newPoints else { continue }
            if let x = a?.doubleValue, let y = b?.doubleValue { change.delta = y - x }
            if let feature = newCardFeatures[name] {
                let before = feature.bins[feature.binIndex(for: SnapshotBody.featureValue(a))].points
                let after = feature.bins[feature.binIndex(for: SnapshotBody.featureValue(b))].points
                change.dataPoints = after - before
            }
            changes.append(change)
        }
        features = changes.sorted {
            let l = abs($0.pointsMoved), r = abs($1.pointsMoved)
            return l != r ? l > r : $0.name < $1.name
        }
        let known: Set<String> = ["features", "score", "feature_points", "reasons"]
        let oldKeys = old.objectValue ?? [:], newKeys = new.objectValue ?? [:]
        otherChanges = Set(oldKeys.keys).union(newKeys.keys).subtracting(known).filter { oldKeys[$0] != newKeys[$0] }.sorted()
        if let newCard, let vector = SnapshotBody.features(of: old) {
            rescoredOld = newCard.score(vector).points
        } else {
            rescoredOld = nil
        }
        modelChanges =
            self.old.model.sha256 == self.new.model.sha256
            ? [] : Self.modelDifferences(old: oldCard, new: newCard, oldID: self.old.model, newID: self.new.model)
    }

    static func side(_ body: JSONValue) -> Side {
        let model = body["model"]
        return Side(
            uscc: body["firm"]?["uscc"]?.stringValue ?? "", asOf: body["as_of"]?.stringValue ?? "",
            points: body["score"]?["points"]?.intValue, pd: body["score"]?["pd"]?.doubleValue,
            grade: body["score"]?["grade"]?.stringValue ?? "",
            model: ModelID(
                id: model?["id"]?.stringValue ?? "", version: model?["version"]?.stringValue ?? "",
                sha256: model?["sha256"]?.stringValue ?? ""),
            reasons: (body["reasons"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue })
    }
}
