/// The backtest a model promotion rests on (`fundchain model promote`, docs/models.md): one
/// model's discrimination on one batch's population against the defaults that followed, as
/// stored in `model_promotions.evidence`.
///
/// JSON: `{"batch", "as_of", "horizon_months", "observed_months", "firms", "defaults", "auc",
/// "auc_low", "auc_high", "ks", "gini"}`; a figure that cannot be computed (no defaults, or too
/// few for an interval) is `null`.
public struct BacktestEvidence: Sendable, Hashable {
    public var batchID: Int64
    public var asOf: CalendarDate
    public var horizonMonths: Int
    /// Whole months of the horizon that had passed when the evidence was taken.
    public var observedMonths: Int
    public var firms: Int
    public var defaults: Int
    public var auc: Double?
    public var aucLow: Double?
    public var aucHigh: Double?
    public var ks: Double?
    public var gini: Double?

    public init(
        batchID: Int64, asOf: CalendarDate, horizonMonths: Int, observedMonths: Int, firms: Int, defaults: Int,
        auc: Double?,
        aucLow: Double?, aucHigh: Double?, ks: Double?, gini: Double?
    ) {
        self.batchID = batchID
        self.asOf = asOf
        self.horizonMonths = horizonMonths
        self.observedMonths = observedMonths
        self.firms = firms
        self.defaults = defaults
        self.auc = auc
        self.aucLow = aucLow
        self.aucHigh = aucHigh
        self.ks = ks
        self.gini = gini
    }

    /// The figures of `summary`, a backtest of `population` on batch `batchID`.
    public init(_ summary: Backtest.Summary, batchID: Int64, population: BacktestPopulation, observedMonths: Int) {
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
        self.init(
            batchID: batchID, asOf: population.asOf, horizonMonths: population.horizonMonths,
            observedMonths: observedMonths,
            firms: summary.firms, defaults: summary.defaults, auc: finite(summary.auc.auc),
            aucLow: finite(summary.auc.low),
            aucHigh: finite(summary.auc.high), ks: finite(summary.ks), gini: finite(summary.gini))
    }

    public var json: JSONValue {
        func number(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
        return .object([
            "batch": .int(batchID), "as_of": .string(asOf.description), "horizon_months": .int(Int64(horizonMonths)),
            "observed_months": .int(Int64(observedMonths)), "firms": .int(Int64(firms)),
            "defaults": .int(Int64(defaults)),
            "auc": number(auc), "auc_low": number(aucLow), "auc_high": number(aucHigh), "ks": number(ks),
            "gini": number(gini),
        ])
    }

    /// Reads stored evidence back; `nil` when a required member is missing or mistyped.
    public init?(json: JSONValue) {
        guard let batch = json["batch"]?.int64Value, let asOfText = json["as_of"]?.stringValue,
            let asOf = try? CalendarDate(parsing: asOfText), let horizon = json["horizon_months"]?.intValue,
            let observed = json["observed_months"]?.intValue, let firms = json["firms"]?.intValue,
            let defaults = json["defaults"]?.intValue
        else { return nil }
        self.init(
            batchID: batch, asOf: asOf, horizonMonths: horizon, observedMonths: observed, firms: firms,
            defaults: defaults,
            auc: json["auc"]?.doubleValue, aucLow: json["auc_low"]?.doubleValue, aucHigh: json["auc_high"]?.doubleValue,
            ks: json["ks"]?.doubleValue, gini: json["gini"]?.doubleValue)
    }
}
