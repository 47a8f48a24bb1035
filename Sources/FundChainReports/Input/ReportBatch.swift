import FundChainCore

/// One build as the reports see it: its firms (sorted by USCC) and their numeric features as a
/// firm-major matrix (`NaN` for missing), plus the scorecard's grades best first.
public struct ReportBatch: Sendable {
    public var id: Int64
    public var asOf: CalendarDate
    public var windowMonths: Int
    /// Grade names from best to worst (the scorecard's order).
    public var grades: [String]
    public var firms: [ReportFirm]
    /// Names of the numeric features, in matrix column order.
    public var featureNames: [String]
    /// `features[firm * featureNames.count + column]`.
    public var features: [Double]

    public init(
        id: Int64, asOf: CalendarDate, windowMonths: Int, grades: [String], firms: [ReportFirm],
        featureNames: [String] = [],
        features: [Double] = []
    ) {
        precondition(features.count == firms.count * featureNames.count, "one row of features per firm")
        self.id = id
        self.asOf = asOf
        self.windowMonths = windowMonths
        self.grades = grades
        self.firms = firms
        self.featureNames = featureNames
        self.features = features
        columns = Dictionary(uniqueKeysWithValues: featureNames.enumerated().map { ($1, $0) })
    }

    private let columns: [String: Int]

    /// Feature `name` of firm `firm`; `nil` when missing or not a numeric feature.
    public func feature(_ name: String, of firm: Int) -> Double? {
        guard let c = columns[name] else { return nil }
        let x = features[firm * featureNames.count + c]
        return x.isNaN ? nil : x
    }

    /// Feature `name` of the firms `rows` (`nil` when missing); all `nil` for an unknown name.
    ///
    /// - Complexity: O(rows.count).
    public func column(_ name: String, rows: [Int]) -> [Double?] {
        guard let c = columns[name] else { return Array(repeating: nil, count: rows.count) }
        let width = featureNames.count
        return rows.map { f in
            let x = features[f * width + c]
            return x.isNaN ? nil : x
        }
    }

    /// Index of each firm by USCC.
    public var firmIndex: [String: Int] {
        Dictionary(uniqueKeysWithValues: firms.enumerated().map { ($1.uscc, $0) })
    }

    /// `true` when the batch's bodies carry product matches (a catalog was loaded at build time).
    public var hasProducts: Bool { firms.contains { $0.products != nil } }

    /// Rank of a grade (0 best); unknown grades rank after all known ones.
    public func gradeRank(_ grade: String) -> Int { grades.firstIndex(of: grade) ?? grades.count }
}
