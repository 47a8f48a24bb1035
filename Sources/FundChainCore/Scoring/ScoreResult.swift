/// The score of one firm: total points, PD, grade, points per feature and reason codes.
public struct ScoreResult: Sendable, Hashable {
    /// Total points (base points plus every feature's bin points).
    public var points: Int
    /// Probability of default from the card's calibration.
    public var pd: Double
    public var grade: String
    /// One entry per card feature, in card order.
    public var features: [FeatureScore]
    /// The features that cost the most points against their best bin: at most four, by points
    /// lost (most first), ties in card order; features at their best bin are never reasons.
    public var reasons: [Reason]
}

/// How one feature scored.
public struct FeatureScore: Sendable, Hashable {
    public var feature: String
    public var value: FeatureValue
    /// Index of the matched bin in the card feature's `bins`.
    public var bin: Int
    public var points: Int
    /// The best bin's points minus `points` (≥ 0).
    public var pointsLost: Int
}

/// A reason code: a feature that cost the firm points, and why.
public struct Reason: Sendable, Hashable {
    public var code: String
    public var text: String
    public var feature: String
    public var value: FeatureValue
    public var pointsLost: Int
    /// Where the firm stands among its peers on this feature (0–100), filled by the build
    /// pipeline; `nil` when scoring alone.
    public var peerPercentile: Double?
    /// Supporting facts (e.g. the flows behind a concentration), filled by the build pipeline.
    public var evidence: [ReasonEvidence]

    public init(
        code: String, text: String, feature: String, value: FeatureValue, pointsLost: Int,
        peerPercentile: Double? = nil, evidence: [ReasonEvidence] = []
    ) {
        self.code = code
        self.text = text
        self.feature = feature
        self.value = value
        self.pointsLost = pointsLost
        self.peerPercentile = peerPercentile
        self.evidence = evidence
    }
}

/// One supporting fact behind a reason code, e.g. kind `top_customer`, text `"… 62 % of inflow"`.
public struct ReasonEvidence: Sendable, Hashable {
    public var kind: String
    public var text: String
    public var value: Double?

    public init(kind: String, text: String, value: Double? = nil) {
        self.kind = kind
        self.text = text
        self.value = value
    }
}
