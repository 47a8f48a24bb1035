/// A labelled data set with typed feature columns, ready for fitting.
///
/// Type rule (documented in `docs/scorecard-format.md`): a column is numeric when it has at
/// least one non-blank value and every non-blank value is a number under ``DecimalText``;
/// otherwise it is categorical, its values the trimmed text. `FitOptions.categorical` forces a
/// column categorical (e.g. codes such as `01`). Blank fields are missing in both kinds.
public struct ModelDataset: Sendable {
    public enum Column: Sendable, Hashable {
        case numeric([Double?])
        case categorical([String?])

        public var kind: ScorecardFeature.Kind {
            switch self {
            case .numeric: .numeric
            case .categorical: .categorical
            }
        }
    }

    public var names: [String]
    public var columns: [Column]
    public var isBad: [Bool]
    public var rowCount: Int { isBad.count }

    public init(names: [String], columns: [Column], isBad: [Bool]) {
        self.names = names
        self.columns = columns
        self.isBad = isBad
    }

    /// Types the feature columns of `table`: every column but the target, the id column and
    /// `exclude`.
    public init(
        table: TextTable, target: String, badValue: String, idColumn: String? = nil, exclude: [String] = [],
        categorical: [String] = []
    ) throws(ScorecardError) {
        isBad = try table.badFlags(target: target, badValue: badValue)
        var skip = Set(exclude + [target])
        if let idColumn { skip.insert(idColumn) }
        for name in exclude + categorical + (idColumn.map { [$0] } ?? []) where !table.header.contains(name) {
            throw ScorecardError(.data, "no column '\(name)' (columns: \(table.header.joined(separator: ", ")))")
        }
        names = []
        columns = []
        for (c, name) in table.header.enumerated() where !skip.contains(name) {
            guard !names.contains(name) else { throw ScorecardError(.data, "column '\(name)' appears twice") }
            names.append(name)
            columns.append(Self.typedColumn(table, c, forceCategorical: categorical.contains(name)))
        }
        guard !names.isEmpty else { throw ScorecardError(.data, "no feature columns left") }
    }

    static func typedColumn(_ table: TextTable, _ c: Int, forceCategorical: Bool) -> Column {
        var numbers: [Double?] = []
        numbers.reserveCapacity(table.rowCount)
        var anyValue = false
        var numeric = !forceCategorical
        if numeric {
            for r in 0..<table.rowCount {
                let text = table.field(r, c)
                if DecimalText.isBlank(text) {
                    numbers.append(nil)
                } else if let x = DecimalText.parse(text) {
                    numbers.append(x)
                    anyValue = true
                } else {
                    numeric = false
                    break
                }
            }
        }
        if numeric, anyValue { return .numeric(numbers) }
        return .categorical(
            (0..<table.rowCount).map { r in
                let text = DecimalText.trimmed(table.field(r, c))
                return text.isEmpty ? nil : text
            })
    }

    /// A reproducible train/test split: a Fisher–Yates shuffle of the row indices driven by
    /// `SeededGenerator(seed:)` (index `i` from the top swaps with `next() % (i + 1)`), the
    /// first `round(n · testFraction)` shuffled rows are the test set. Both lists ascend.
    ///
    /// - Complexity: O(n log n).
    public static func split(rows n: Int, testFraction: Double, seed: UInt64) -> (train: [Int], test: [Int]) {
        var order = Array(0..<n)
        var generator = SeededGenerator(seed: seed)
        var i = n - 1
        while i > 0 {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
            i -= 1
        }
        let testCount = Int((Double(n) * testFraction).rounded())
        return (Array(order[testCount...]).sorted(), Array(order[..<testCount]).sorted())
    }

    /// The rows `indices` of this data set.
    public func subset(_ indices: [Int]) -> ModelDataset {
        let cols = columns.map { column -> Column in
            switch column {
            case .numeric(let v): .numeric(indices.map { v[$0] })
            case .categorical(let v): .categorical(indices.map { v[$0] })
            }
        }
        return ModelDataset(names: names, columns: cols, isBad: indices.map { isBad[$0] })
    }
}
