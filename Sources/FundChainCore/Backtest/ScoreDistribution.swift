/// How one model's scores of a set of firms are spread: mean and nearest-rank percentiles of the
/// points, and how many firms each grade holds (`fundchain report challenger`).
public struct ScoreDistribution: Sendable, Hashable {
    public struct GradeCount: Sendable, Hashable {
        public var grade: String
        public var firms: Int
        /// `firms` over all firms; 0 when there are none.
        public var share: Double
    }

    public var firms: Int
    /// Mean points; `nil` without firms.
    public var mean: Double?
    /// Nearest-rank 10th, 50th and 90th percentiles of the points; `nil` without firms.
    public var p10: Int?
    public var p50: Int?
    public var p90: Int?
    /// Every grade of the scale, best first (empty ones included), then any other grade the
    /// firms hold, sorted.
    public var grades: [GradeCount]

    /// - Parameters:
    ///   - points: each firm's points.
    ///   - grades: each firm's grade, in the same order.
    ///   - scale: the model's grades, best first.
    /// - Complexity: O(n log n).
    public init(points: [Int], grades: [String], scale: [String]) {
        precondition(points.count == grades.count, "one grade per score")
        firms = points.count
        let sorted = points.sorted()
        mean = sorted.isEmpty ? nil : Double(sorted.reduce(0, +)) / Double(sorted.count)
        p10 = Self.nearestRank(sorted, percent: 10)
        p50 = Self.nearestRank(sorted, percent: 50)
        p90 = Self.nearestRank(sorted, percent: 90)
        var counts: [String: Int] = [:]
        for grade in grades { counts[grade, default: 0] += 1 }
        let total = points.count
        self.grades = GradeMigration.order(scale: scale, seen: counts.keys).map { grade in
            let n = counts[grade] ?? 0
            return GradeCount(grade: grade, firms: n, share: total > 0 ? Double(n) / Double(total) : 0)
        }
    }

    /// The nearest-rank percentile `percent` (0–100) of `sorted` (ascending): the smallest value
    /// with at least `percent` % of the values at or below it; `nil` when `sorted` is empty.
    ///
    /// - Complexity: O(1).
    public static func nearestRank<T>(_ sorted: [T], percent: Int) -> T? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, (percent * sorted.count + 99) / 100)
        return sorted[min(rank, sorted.count) - 1]
    }
}
