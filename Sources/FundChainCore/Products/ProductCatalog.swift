/// The finance products firms are matched to, loaded from `products/*.yaml`
/// (one product per file; format in docs/products-format.md).
public struct ProductCatalog: Sendable, Hashable {
    /// The products in file-name order.
    public var products: [Product]
    /// Lower-case hex SHA-256 over the source files (names and texts, in name order): equal
    /// catalogs have equal hashes, so loading the same directory twice is recognisably the same.
    public var sha256: String

    public init(products: [Product], sha256: String) {
        self.products = products
        self.sha256 = sha256
    }

    /// The grades of the master scale, best first (scoring-models/sme-cashflow-v1.yaml).
    public static let grades = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"]

    /// The format tag each product file carries.
    public static let formatTag = "fundchain-product/1"
}

/// One finance product: who it is for (rules), how much (limit) and at what price (pricing).
public struct Product: Sendable, Hashable {
    /// Stable identifier, e.g. `cashflow-loan`.
    public var id: String
    public var name: String
    /// The lender offering it.
    public var lender: String
    /// Kind of product, e.g. `cash_flow_loan`, `receivables_finance` (free text for display).
    public var kind: String
    public var description: String
    /// The file the product was read from (for error messages and the store).
    public var file: String
    public var rules: ProductRules
    public var limit: LimitFormula
    public var pricing: Pricing
}

/// Eligibility rules; every rule that is set must hold. Thresholds are inclusive: a firm exactly
/// at a minimum or maximum passes.
public struct ProductRules: Sendable, Hashable {
    public var minScore: Int?
    /// Grades admitted; `nil` admits any grade (the pricing table still has to price it).
    public var grades: [String]?
    /// GB/T 4754 code prefixes (section `C`, division `C36`, class `C3670`); any match passes.
    public var industries: [String]?
    /// Region code prefixes (district `500112`, town `500112001`); any match passes.
    public var regions: [String]?
    public var minFirmAgeYears: Double?
    public var minMonthsActive: Int?
    /// Minimum `inflow_monthly_mean_12m_yuan`.
    public var minMonthlyInflowYuan: Double?
    public var maxTopCustomerShare: Double?
    public var maxRoundTripRatio: Double?
    /// Minimum `net_flow_ratio_12m`.
    public var minNetFlowRatio: Double?
    /// Required link to a core enterprise.
    public var coreLink: CoreLink?
    /// Core enterprises themselves are not eligible (products for small suppliers).
    public var excludeCore: Bool
    /// Exclusion: `debtrank_stress` above this.
    public var maxDebtRankStress: Double?
    /// Exclusion: `contagion_exposure` above this.
    public var maxContagionExposure: Double?

    public init(
        minScore: Int? = nil, grades: [String]? = nil, industries: [String]? = nil, regions: [String]? = nil,
        minFirmAgeYears: Double? = nil, minMonthsActive: Int? = nil, minMonthlyInflowYuan: Double? = nil,
        maxTopCustomerShare: Double? = nil, maxRoundTripRatio: Double? = nil, minNetFlowRatio: Double? = nil,
        coreLink: CoreLink? = nil, excludeCore: Bool = false, maxDebtRankStress: Double? = nil,
        maxContagionExposure: Double? = nil
    ) {
        self.minScore = minScore
        self.grades = grades
        self.industries = industries
        self.regions = regions
        self.minFirmAgeYears = minFirmAgeYears
        self.minMonthsActive = minMonthsActive
        self.minMonthlyInflowYuan = minMonthlyInflowYuan
        self.maxTopCustomerShare = maxTopCustomerShare
        self.maxRoundTripRatio = maxRoundTripRatio
        self.minNetFlowRatio = minNetFlowRatio
        self.coreLink = coreLink
        self.excludeCore = excludeCore
        self.maxDebtRankStress = maxDebtRankStress
        self.maxContagionExposure = maxContagionExposure
    }

    /// A link to a core enterprise: `chain_tier` between 1 and `maxTier` (a core enterprise,
    /// tier 0, is not its own supplier) and at least `minCoreInflowShare` of inflow paid
    /// directly by core enterprises.
    public struct CoreLink: Sendable, Hashable {
        public var maxTier: Int
        public var minCoreInflowShare: Double

        public init(maxTier: Int, minCoreInflowShare: Double) {
            self.maxTier = maxTier
            self.minCoreInflowShare = minCoreInflowShare
        }
    }

    /// How many targeting rules (industries, regions, core link) the product sets: a product
    /// designed for the firm's segment fits better than a general one.
    public var specificity: Int {
        (industries == nil ? 0 : 1) + (regions == nil ? 0 : 1) + (coreLink == nil ? 0 : 1)
    }
}

/// The suggested limit: `basis × share × grade factor`, rounded down to a multiple of `step`,
/// capped at `max`; below `min` the firm's cash flow cannot carry the product (a failed rule).
public struct LimitFormula: Sendable, Hashable {
    public enum Basis: String, Sendable, Hashable, CaseIterable {
        /// `inflow_12m_yuan`: all credits of the last 12 months.
        case inflow12m = "inflow_12m"
        /// `inflow_12m_yuan × core_inflow_share`: what core enterprises pay (receivables finance).
        case coreInflow12m = "core_inflow_12m"
    }

    public var basis: Basis
    /// Share of the basis lent at grade factor 1 (0 < share ≤ 1).
    public var share: Double
    public var min: Money
    public var max: Money
    public var step: Money
    /// Multiplier per grade (0…1); grades not listed use `defaultGradeFactors`.
    public var gradeFactors: [String: Double]

    public init(
        basis: Basis = .inflow12m, share: Double, min: Money, max: Money, step: Money = Money(fen: 1_000_000),
        gradeFactors: [String: Double] = LimitFormula.defaultGradeFactors
    ) {
        self.basis = basis
        self.share = share
        self.min = min
        self.max = max
        self.step = step
        self.gradeFactors = gradeFactors
    }

    /// Default grade factors: full share down to BBB, then less the riskier the grade, nothing
    /// at CC and C (PD above ~14 %: no unsecured limit).
    public static let defaultGradeFactors: [String: Double] = [
        "AAA": 1, "AA": 1, "A": 0.9, "BBB": 0.8, "BB": 0.6, "B": 0.4, "CCC": 0.2, "CC": 0, "C": 0,
    ]

    /// The grade factor for `grade` (0 for a grade outside the master scale).
    public func factor(grade: String) -> Double { gradeFactors[grade] ?? Self.defaultGradeFactors[grade] ?? 0 }
}

/// The indicative annual rate: `baseBP + spreadBP[grade]`, in basis points (1 bp = 0.01 %).
public struct Pricing: Sendable, Hashable {
    public var baseBP: Int
    /// Spread per grade; a grade without a spread is not priced, so not offered.
    public var spreadBP: [String: Int]

    public init(baseBP: Int, spreadBP: [String: Int]) {
        self.baseBP = baseBP
        self.spreadBP = spreadBP
    }

    public func rateBP(grade: String) -> Int? { spreadBP[grade].map { baseBP + $0 } }
}
