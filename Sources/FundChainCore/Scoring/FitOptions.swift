/// Parameters of `ScorecardFitter`, with the defaults the CLI uses.
public struct FitOptions: Sendable, Hashable {
    /// Share of rows held out for testing (0: fit on every row).
    public var testFraction: Double = 0.3
    /// Seed of the train/test split.
    public var seed: UInt64 = 42
    public var scaling = Scaling()
    /// Smallest share of training rows a bin may hold (the missing bin excepted).
    public var minBinShare: Double = 0.05
    /// Most bins per feature (the missing bin excepted).
    public var maxBins: Int = 8
    /// Fine pre-binning: the number of quantile bins numeric features start from.
    public var preBins: Int = 20
    /// Features with an information value below this are not used.
    public var ivMin: Double = 0.02
    /// Of two features whose WOE columns correlate beyond this (absolute Pearson r), the one
    /// with the lower IV is dropped.
    public var maxCorrelation: Double = 0.7
    /// L2 penalty on the coefficients (not the intercept) of the logistic regression.
    public var l2: Double = 0
    /// Backward elimination: while the least significant selected feature's Wald p-value is
    /// above this, it is dropped and the regression refitted (1: keep every feature).
    public var maxPValue: Double = 1
    /// Columns forced to categorical even when every value is a number.
    public var categorical: [String] = []
    /// Numeric features whose bins must keep a stated direction (`ProfileCatalog.directions` for
    /// a fit on FundChain's own features). Every other numeric feature is binned both ways and
    /// keeps the one with more IV.
    public var directions: [String: RiskDirection] = [:]

    public init() {}
}

extension FitOptions: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case testFraction = "test_fraction", seed, scaling
        case minBinShare = "min_bin_share", maxBins = "max_bins", preBins = "pre_bins"
        case ivMin = "iv_min", maxCorrelation = "max_correlation", l2, categorical, directions
        case maxPValue = "max_p_value"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "development.options")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        testFraction = try c.decode(Double.self, forKey: .testFraction)
        seed = try c.decode(UInt64.self, forKey: .seed)
        scaling = try c.decode(Scaling.self, forKey: .scaling)
        minBinShare = try c.decode(Double.self, forKey: .minBinShare)
        maxBins = try c.decode(Int.self, forKey: .maxBins)
        preBins = try c.decode(Int.self, forKey: .preBins)
        ivMin = try c.decode(Double.self, forKey: .ivMin)
        maxCorrelation = try c.decode(Double.self, forKey: .maxCorrelation)
        l2 = try c.decode(Double.self, forKey: .l2)
        categorical = try c.decodeIfPresent([String].self, forKey: .categorical) ?? []
        maxPValue = try c.decodeIfPresent(Double.self, forKey: .maxPValue) ?? 1
        for (name, text) in try c.decodeIfPresent([String: String].self, forKey: .directions) ?? [:] {
            guard let direction = RiskDirection(rawValue: text) else {
                throw ScorecardError(
                    .invalidValue,
                    "development.options.directions.\(name): '\(text)' is not higher_is_safer or higher_is_riskier")
            }
            directions[name] = direction
        }
    }
}
