/// Matches firms to a product catalog: eligibility, suggested limit, indicative rate, and every
/// failed rule (docs/products-format.md).
///
/// Feature names are resolved to column indices once, at init; `match` then reads at most 14
/// values per firm and does no dictionary lookup or allocation beyond its result.
public struct ProductMatcher: Sendable {
    public let catalog: ProductCatalog
    /// Column of each needed feature in the caller's layout (-1 when the layout lacks it: the
    /// value is then missing).
    let column: [Int]
    /// Per product, in catalog order.
    let prepared: [Prepared]

    /// The features the rules and the limit formula read, in `column` order.
    static let needed = [
        "inflow_monthly_mean_12m_yuan", "months_active_12m", "firm_age_years", "top1_customer_share",
        "round_trip_ratio", "core_inflow_share", "chain_tier", "debtrank_stress", "contagion_exposure",
        "industry_division", "district", "is_core", "inflow_12m_yuan", "net_flow_ratio_12m",
    ]
    enum Need: Int {
        case monthlyInflow, monthsActive, firmAge, top1Customer, roundTrip, coreInflowShare, chainTier, debtRank
        case contagion, industryDivision, district, isCore, inflow12m, netFlowRatio
    }

    /// - Parameter layout: the feature name of each column of the values `match` will be given;
    ///   by default the build's `ProfileCatalog.definitions` order (a `ProfileTable` row).
    public init(catalog: ProductCatalog, layout: [String] = ProfileCatalog.definitions.map(\.name)) {
        self.catalog = catalog
        var index: [String: Int] = [:]
        for (k, name) in layout.enumerated() where index[name] == nil { index[name] = k }
        column = Self.needed.map { index[$0] ?? -1 }
        prepared = catalog.products.map(Prepared.init)
    }

    /// Matches a firm whose features are given by name (e.g. read back from a snapshot body).
    public func match(features: FeatureVector, firm: FirmFacts) -> ProductMatchResult {
        match(Inputs(values: Self.needed.map { features[$0] }, firm: firm))
    }

    /// Matches row `row` of a build's profile table.
    public func match(table: ProfileTable, row: Int, firm: FirmFacts) -> ProductMatchResult {
        match(firm: firm) { table.value(firm: row, column: $0) }
    }

    /// Matches one firm; `value(k)` is its value in column `k` of the layout given at init.
    ///
    /// - Complexity: O(p × r) for p products of at most r rules (plus the listed industry and
    ///   region prefixes), and O(e log e) to rank e eligible products.
    public func match(firm: FirmFacts, value: (Int) -> FeatureValue) -> ProductMatchResult {
        var inputs = [FeatureValue](repeating: .missing, count: column.count)
        for (k, c) in column.enumerated() where c >= 0 { inputs[k] = value(c) }
        return match(Inputs(values: inputs, firm: firm))
    }

    func match(_ features: Inputs) -> ProductMatchResult {
        var eligible: [ProductMatch] = []
        var ineligible: [ProductMatch] = []
        for (k, product) in catalog.products.enumerated() {
            let match = Self.evaluate(product, prepared[k], features)
            if match.eligible { eligible.append(match) } else { ineligible.append(match) }
        }
        eligible.sort { a, b in
            if a.fit != b.fit { return a.fit > b.fit }
            if a.rateBP != b.rateBP { return (a.rateBP ?? .max) < (b.rateBP ?? .max) }
            if a.limit != b.limit { return (a.limit?.fen ?? -1) > (b.limit?.fen ?? -1) }
            return a.productID < b.productID
        }
        return ProductMatchResult(catalogSHA256: catalog.sha256, eligible: eligible, ineligible: ineligible)
    }

    /// The firm's values the rules read.
    struct Inputs {
        let values: [FeatureValue]
        let firm: FirmFacts

        subscript(need: Need) -> FeatureValue { values[need.rawValue] }
        func number(_ need: Need) -> Double? { values[need.rawValue].numericValue }
        func name(_ need: Need) -> String { ProductMatcher.needed[need.rawValue] }

        /// The industry code: the firm's own, else the `industry_division` feature.
        var industry: String? {
            if !firm.industry.isEmpty { return firm.industry }
            return values[Need.industryDivision.rawValue].categoryValue
        }

        /// The region code: the firm's own, else the `district` feature.
        var region: String? {
            if !firm.region.isEmpty { return firm.region }
            return values[Need.district.rawValue].categoryValue
        }
    }
}
