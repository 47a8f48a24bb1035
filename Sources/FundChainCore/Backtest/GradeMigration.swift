/// The grade migration matrix between two models scoring the same firms: how many firms the
/// champion put in each grade (rows) that the challenger put in each grade (columns)
/// (`fundchain report challenger`). The two scales may differ; when they are the same, the
/// firms a challenger grades better or worse are counted too.
public struct GradeMigration: Sendable, Hashable {
    /// The champion's grades, best first, then any other grade its firms hold.
    public var rows: [String]
    /// The challenger's grades, best first, then any other grade its firms hold.
    public var columns: [String]
    /// `counts[row][column]`: firms graded `rows[row]` by the champion and `columns[column]` by
    /// the challenger.
    public var counts: [[Int]]
    /// With one scale for both: firms the challenger grades the same, better and worse.
    public var same: Int?
    public var better: Int?
    public var worse: Int?

    /// - Parameters:
    ///   - from: each firm's champion grade.
    ///   - to: each firm's challenger grade, in the same order.
    ///   - fromScale, toScale: each model's grades, best first.
    /// - Complexity: O(n + rows × columns).
    public init(from: [String], to: [String], fromScale: [String], toScale: [String]) {
        precondition(from.count == to.count, "two grades per firm")
        rows = Self.order(scale: fromScale, seen: Set(from))
        columns = Self.order(scale: toScale, seen: Set(to))
        let row = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        let column = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: columns.count), count: rows.count)
        for (a, b) in zip(from, to) { counts[row[a]!][column[b]!] += 1 }
        self.counts = counts
        guard fromScale == toScale, rows == columns else { return }
        var same = 0, better = 0, worse = 0
        for r in rows.indices {
            for c in columns.indices {
                if c == r {
                    same += counts[r][c]
                } else if c < r {
                    better += counts[r][c]
                } else {
                    worse += counts[r][c]
                }
            }
        }
        (self.same, self.better, self.worse) = (same, better, worse)
    }

    /// `scale`, then the grades of `seen` it lacks, sorted.
    static func order(scale: [String], seen: some Sequence<String>) -> [String] {
        let known = Set(scale)
        return scale + Set(seen).subtracting(known).sorted()
    }
}
