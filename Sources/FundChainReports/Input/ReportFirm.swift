import FundChainCore

/// One firm as the reports see it in one build: registration, score and grade from its
/// snapshot, matched products from the snapshot body, and exact money totals of the window from
/// `firm_month`.
public struct ReportFirm: Sendable, Equatable {
    public var uscc: String
    public var name: String
    public var industry: IndustryCode
    public var region: RegionCode
    public var isCore: Bool
    public var score: Int
    public var pd: Double
    public var grade: String
    /// The body's `"products"`; `nil` when the build had no catalog (or an older body format).
    public var products: FirmProducts?
    /// Fen received in the window (credits, own transfers excluded).
    public var inflow: Int64
    /// Fen paid in the window.
    public var outflow: Int64
    /// Any statement entry in the window's last three months.
    public var active: Bool

    public init(
        uscc: String, name: String, industry: IndustryCode, region: RegionCode, isCore: Bool = false, score: Int,
        pd: Double,
        grade: String, products: FirmProducts? = nil, inflow: Int64 = 0, outflow: Int64 = 0, active: Bool = true
    ) {
        self.uscc = uscc
        self.name = name
        self.industry = industry
        self.region = region
        self.isCore = isCore
        self.score = score
        self.pd = pd
        self.grade = grade
        self.products = products
        self.inflow = inflow
        self.outflow = outflow
        self.active = active
    }
}

/// The products a firm was matched to in a build (eligible ones only, best first).
public struct FirmProducts: Sendable, Equatable {
    public struct Offer: Sendable, Equatable {
        public var product: String
        public var name: String
        /// Whole yuan; `nil` when the matcher could not compute one.
        public var limitYuan: Int64?

        public init(product: String, name: String, limitYuan: Int64?) {
            self.product = product
            self.name = name
            self.limitYuan = limitYuan
        }
    }

    public var eligible: [Offer]

    public init(eligible: [Offer]) { self.eligible = eligible }

    /// The suggested limit: the largest eligible product's limit, in fen (as `fundchain build`
    /// sums them); 0 without one.
    public var suggestedLimit: Int64 { (eligible.compactMap(\.limitYuan).max() ?? 0) * 100 }

    /// The eligible products a snapshot body stores (`SnapshotBody.Products.eligible`).
    public init(_ eligible: [SnapshotBody.Products.Eligible]) {
        self.eligible = eligible.map { Offer(product: $0.product, name: $0.name, limitYuan: $0.limitYuan) }
    }
}
