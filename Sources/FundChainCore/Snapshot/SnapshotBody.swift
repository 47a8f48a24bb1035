/// The body of one firm's snapshot (`fundchain-snapshot/1`, docs/snapshots.md), typed: what the
/// firm looked like, how it scored and why, with what model, from which data, and which
/// products it was matched to.
///
/// The build makes one (`init(table:firm:score:…)`), `json` encodes it to the JSON whose
/// canonical bytes are stored and hashed, and readers get it back with `init(parsing:)` or
/// `init(json:)`, which throw a `SnapshotBodyError` naming the missing or mistyped member (e.g.
/// `score.pd`). Reading then writing a stored body gives back its exact bytes: every member is
/// required (but `challengers`, absent from bodies without challengers), and members the format
/// does not know are errors, so nothing is dropped on the way.
public struct SnapshotBody: Sendable, Equatable {
    /// The value of the `format` member.
    public static let format = "fundchain-snapshot/1"

    public var firm: Firm
    /// The window's last day.
    public var asOf: CalendarDate
    public var window: Window
    /// Every feature by name (docs/features.md): a number, a text (categorical) or `.missing`
    /// (stored as `null`).
    public var features: FeatureVector
    public var score: Score
    /// The points each scorecard feature earned, by feature name.
    public var featurePoints: [String: Int]
    /// At most four, most points lost first, with evidence.
    public var reasons: [Reason]
    public var model: Model
    /// Lowercase hex SHA-256 of the firm's aggregate rows in the window (`InputFingerprint`).
    public var inputFingerprint: String
    /// The firm's matches to the catalog loaded when the build ran; `nil` (stored as `null`) when
    /// none was loaded.
    public var products: Products?
    /// The build's challengers' scores, in the batch's order; empty for a build without
    /// challengers (the member is then absent).
    public var challengers: [ChallengerScore]

    public init(
        firm: Firm, asOf: CalendarDate, window: Window, features: FeatureVector, score: Score,
        featurePoints: [String: Int], reasons: [Reason], model: Model, inputFingerprint: String,
        products: Products?, challengers: [ChallengerScore] = []
    ) {
        self.firm = firm
        self.asOf = asOf
        self.window = window
        self.features = features
        self.score = score
        self.featurePoints = featurePoints
        self.reasons = reasons
        self.model = model
        self.inputFingerprint = inputFingerprint
        self.products = products
        self.challengers = challengers
    }

    /// `firm`: the firm's registration as the build read it. Codes are kept as written (a body
    /// is read back as it was stored, not re-validated).
    public struct Firm: Sendable, Equatable {
        public var uscc: String
        public var name: String
        /// GB/T 4754 code.
        public var industry: String
        /// 9-digit town code.
        public var region: String
        public var foundedOn: CalendarDate
        public var isCore: Bool

        public init(uscc: String, name: String, industry: String, region: String, foundedOn: CalendarDate, isCore: Bool)
        {
            self.uscc = uscc
            self.name = name
            self.industry = industry
            self.region = region
            self.foundedOn = foundedOn
            self.isCore = isCore
        }
    }

    /// `window`: the whole months profiled, as `CalendarDate.monthIndex` values (stored as
    /// `YYYY-MM`).
    public struct Window: Sendable, Equatable {
        public var firstMonth: Int
        public var lastMonth: Int
        public var months: Int

        public init(firstMonth: Int, lastMonth: Int, months: Int) {
            self.firstMonth = firstMonth
            self.lastMonth = lastMonth
            self.months = months
        }
    }

    /// `score`: the champion model's points, probability of default and grade.
    public struct Score: Sendable, Equatable {
        public var points: Int
        public var pd: Double
        public var grade: String

        public init(points: Int, pd: Double, grade: String) {
            self.points = points
            self.pd = pd
            self.grade = grade
        }
    }

    /// `model`: the champion scorecard's id, version and the SHA-256 of its text (its row in
    /// `scoring_models`).
    public struct Model: Sendable, Equatable {
        public var id: String
        public var version: String
        public var sha256: String

        public init(id: String, version: String, sha256: String) {
            self.id = id
            self.version = version
            self.sha256 = sha256
        }
    }

    /// `products`: what the matcher decided, compactly (about 0.5 KB, where the full
    /// `ProductMatchResult.json` with every failure's threshold and sentence is about 6 KB and
    /// would more than double a 100,000-firm batch). Everything left out is in the body's
    /// `features` and in catalog version `catalogID` (table `products`): matching the one against
    /// the other (`ProductMatcher.match(snapshot:)`) gives the full result again.
    public struct Products: Sendable, Equatable {
        public var catalogID: Int64
        public var catalogSHA256: String
        /// Ranked, best first.
        public var eligible: [Eligible]
        /// In catalog order.
        public var ineligible: [Ineligible]

        public init(catalogID: Int64, catalogSHA256: String, eligible: [Eligible], ineligible: [Ineligible]) {
            self.catalogID = catalogID
            self.catalogSHA256 = catalogSHA256
            self.eligible = eligible
            self.ineligible = ineligible
        }

        public struct Eligible: Sendable, Equatable {
            public var product: String
            public var name: String
            public var fit: Int
            /// Whole yuan; `nil` when the matcher could not compute a limit.
            public var limitYuan: Int64?
            /// `nil` when the firm's grade is not priced.
            public var annualRateBP: Int?

            public init(product: String, name: String, fit: Int, limitYuan: Int64?, annualRateBP: Int?) {
                self.product = product
                self.name = name
                self.fit = fit
                self.limitYuan = limitYuan
                self.annualRateBP = annualRateBP
            }
        }

        public struct Ineligible: Sendable, Equatable {
            public var product: String
            /// The rules the firm failed, in rule order.
            public var failed: [String]

            public init(product: String, failed: [String]) {
                self.product = product
                self.failed = failed
            }
        }
    }
}
