/// For a card fitted on FundChain's own features (`fundchain model fit --from-batch`): which
/// batch it learnt from, the outcome horizon, and what the credit events said. Together with the
/// batch's Merkle root this names the training data exactly, so the fit can be repeated.
public struct ModelTraining: Sendable, Hashable {
    /// The snapshot batch whose stored features were the inputs.
    public var batch: Int64
    /// The batch's as-of date, `YYYY-MM-DD`.
    public var asOf: String
    /// The batch's Merkle root (hex): the exact snapshots read.
    public var merkleRoot: String
    /// A firm was a bad when its first default fell within this many months after `asOf`.
    public var horizonMonths: Int
    /// Months of the horizon that had passed when the card was fitted (< `horizonMonths`: a
    /// partial outcome window, and the card says so).
    public var observedMonths: Int
    /// Firms of the batch not already in default on `asOf` (the population).
    public var firms: Int
    /// Of them, firms in default within the horizon (the bads).
    public var defaults: Int
    /// Firms of the batch left out because they were already in default on `asOf`.
    public var alreadyInDefault: Int
    /// Credit events of the population dated within the horizon, by kind (`CreditEventKind`
    /// raw values), every kind listed.
    public var eventsInHorizon: [String: Int]

    public init(
        batch: Int64, asOf: String, merkleRoot: String, horizonMonths: Int, observedMonths: Int, firms: Int,
        defaults: Int,
        alreadyInDefault: Int, eventsInHorizon: [String: Int]
    ) {
        self.batch = batch
        self.asOf = asOf
        self.merkleRoot = merkleRoot
        self.horizonMonths = horizonMonths
        self.observedMonths = observedMonths
        self.firms = firms
        self.defaults = defaults
        self.alreadyInDefault = alreadyInDefault
        self.eventsInHorizon = eventsInHorizon
    }

    /// The section as YAML lines (two-space indented under `training:`).
    var yamlLines: [String] {
        let events = eventsInHorizon.keys.sorted().map { "\($0): \(eventsInHorizon[$0]!)" }.joined(separator: ", ")
        return [
            "training:",
            "  batch: \(batch)",
            "  as_of: \(YAMLWriter.string(asOf, forceQuotes: true))",
            "  merkle_root: \(YAMLWriter.string(merkleRoot, forceQuotes: true))",
            "  horizon_months: \(horizonMonths)",
            "  observed_months: \(observedMonths)",
            "  firms: \(firms)",
            "  defaults: \(defaults)",
            "  already_in_default: \(alreadyInDefault)",
            "  events_in_horizon: {\(events)}",
        ]
    }
}

extension ModelTraining: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case batch, asOf = "as_of", merkleRoot = "merkle_root", horizonMonths = "horizon_months"
        case observedMonths = "observed_months", firms, defaults, alreadyInDefault = "already_in_default"
        case eventsInHorizon = "events_in_horizon"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "training")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            batch: try c.decode(Int64.self, forKey: .batch), asOf: try c.decode(String.self, forKey: .asOf),
            merkleRoot: try c.decode(String.self, forKey: .merkleRoot),
            horizonMonths: try c.decode(Int.self, forKey: .horizonMonths),
            observedMonths: try c.decode(Int.self, forKey: .observedMonths),
            firms: try c.decode(Int.self, forKey: .firms),
            defaults: try c.decode(Int.self, forKey: .defaults),
            alreadyInDefault: try c.decode(Int.self, forKey: .alreadyInDefault),
            eventsInHorizon: try c.decode([String: Int].self, forKey: .eventsInHorizon))
    }
}
