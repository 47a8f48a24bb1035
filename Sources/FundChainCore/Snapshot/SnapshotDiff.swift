/// What changed between two snapshot bodies, and why the score moved.
///
/// A score change splits in two: the **model effect**, re-scoring the old snapshot's features
/// with the new model minus the old score (same data, new model), and the **data effect**, the
/// new score minus that re-score (same model, new data). Per feature, `points` come from the
/// two snapshots' `feature_points`; `dataPoints` is what the value change alone is worth under
/// the new model. Every feature in either body is compared, and the other parts of the bodies
/// that differ are listed by their member name (`as_of`, `firm`, `model`, …).
public struct SnapshotDiff: Sendable {
    public struct FeatureChange: Sendable, Equatable {
        public var name: String
        /// `nil` when the feature is absent from that body.
        public var old: FeatureValue?
        public var new: FeatureValue?
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
        public var points: Int
        public var pd: Double
        public var grade: String
        public var model: ModelID
        public var reasons: [String]
    }

    /// A model as the body names it: id, version and the SHA-256 of its text.
    public typealias ModelID = SnapshotBody.Model

    public var old: Side
    public var new: Side
    /// Features whose value or points differ, the largest score movers first, then by name.
    public var features: [FeatureChange]
    /// Body members (besides features, score, points and reasons) whose values differ, by name.
    public var otherChanges: [String]
    /// The old features scored with the new model; `nil` without the new model's card.
    public var rescoredOld: Int?
    /// Model differences (empty when the two snapshots used the same model text).
    public var modelChanges: [String]

    public var sameFirm: Bool { old.uscc == new.uscc }
    public var modelChanged: Bool { old.model.sha256 != new.model.sha256 }
    /// New score minus old score.
    public var scoreChange: Int { new.points - old.points }
    /// rescoredOld − old score: the part of the change the model made.
    public var modelEffect: Int? { rescoredOld.map { $0 - old.points } }
    /// new score − rescoredOld: the part of the change the data made.
    public var dataEffect: Int? { rescoredOld.map { new.points - $0 } }

    /// Compares `old` with `new`; `oldCard` and `newCard` are the scorecards named by each body's
    /// `model.sha256` (pass `nil` when not available: the split by cause is then left out).
    /// - Complexity: O(features × log bins).
    public init(old: SnapshotBody, new: SnapshotBody, oldCard: Scorecard?, newCard: Scorecard?) {
        self.old = Self.side(old)
        self.new = Self.side(new)
        let oldFeatures = old.features.values, newFeatures = new.features.values
        let oldPoints = old.featurePoints, newPoints = new.featurePoints
        let newCardFeatures = Dictionary(
            (newCard?.features ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var names = Set(oldFeatures.keys).union(newFeatures.keys)
        names.formUnion(oldPoints.keys)
        names.formUnion(newPoints.keys)
        var changes: [FeatureChange] = []
        for name in names {
            let a = oldFeatures[name], b = newFeatures[name]
            var change = FeatureChange(
                name: name, old: a, new: b, delta: nil, oldPoints: oldPoints[name], newPoints: newPoints[name],
                dataPoints: nil)
            guard change.valueChanged || change.oldPoints != change.newPoints else { continue }
            if case .number(let x)? = a, case .number(let y)? = b { change.delta = y - x }
            if let feature = newCardFeatures[name] {
                let before = feature.bins[feature.binIndex(for: a ?? .missing)].points
                let after = feature.bins[feature.binIndex(for: b ?? .missing)].points
                change.dataPoints = after - before
            }
            changes.append(change)
        }
        features = changes.sorted {
            let l = abs($0.pointsMoved), r = abs($1.pointsMoved)
            return l != r ? l > r : $0.name < $1.name
        }
        otherChanges = Self.otherChanges(old, new)
        rescoredOld = newCard.map { $0.score(old.features).points }
        modelChanges =
            self.old.model.sha256 == self.new.model.sha256
            ? [] : Self.modelDifferences(old: oldCard, new: newCard, oldID: self.old.model, newID: self.new.model)
    }

    /// The member names of the parts besides features, score, points and reasons that differ,
    /// sorted.
    static func otherChanges(_ a: SnapshotBody, _ b: SnapshotBody) -> [String] {
        var names: [String] = []
        if a.asOf != b.asOf { names.append("as_of") }
        if a.challengers != b.challengers { names.append("challengers") }
        if a.firm != b.firm { names.append("firm") }
        if a.inputFingerprint != b.inputFingerprint { names.append("input_fingerprint") }
        if a.model != b.model { names.append("model") }
        if a.products != b.products { names.append("products") }
        if a.window != b.window { names.append("window") }
        return names
    }

    static func side(_ body: SnapshotBody) -> Side {
        Side(
            uscc: body.firm.uscc, asOf: body.asOf.description, points: body.score.points, pd: body.score.pd,
            grade: body.score.grade,
            model: body.model,
            reasons: body.reasons.map(\.code))
    }
}

extension SnapshotBody.Model {
    /// `id vversion`, as the CLI names models.
    public var label: String { "\(id) v\(version)" }
}
