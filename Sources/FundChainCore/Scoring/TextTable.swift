/// A data set as text, the way it came from a CSV file: a header and rows of fields.
///
/// The CLI reads and parses the file; the core decides what the text means. Scoring reads every
/// field as text (`.category(text)`, blank → `.missing`) and lets the card's feature type decide:
/// a numeric feature parses the text with ``DecimalText``, a categorical one matches it exactly
/// (trimmed). So a score depends only on a row's own text, never on how other rows made a
/// column look.
public struct TextTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]
    /// The 1-based file line of each row, for error messages.
    public var lines: [Int]

    public init(header: [String], rows: [[String]], lines: [Int]? = nil) {
        self.header = header.map { DecimalText.trimmed($0) }
        self.rows = rows
        self.lines = lines ?? rows.indices.map { $0 + 2 }
    }

    public var rowCount: Int { rows.count }

    /// The index of column `name`, or an error naming it.
    public func column(_ name: String) throws(ScorecardError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw ScorecardError(.data, "no column '\(name)' (columns: \(header.joined(separator: ", ")))")
        }
        return i
    }

    /// Field `column` of row `row`; a short row reads as blank.
    public func field(_ row: Int, _ column: Int) -> String {
        column < rows[row].count ? rows[row][column] : ""
    }

    /// Row `row` as a feature vector over `names` (every column when `nil`): blank fields are
    /// `.missing`, every other field `.category(text)`.
    public func featureVector(row: Int, columns: [Int]) -> FeatureVector {
        var values: [String: FeatureValue] = [:]
        values.reserveCapacity(columns.count)
        for c in columns {
            let text = field(row, c)
            values[header[c]] = DecimalText.isBlank(text) ? .missing : .category(text)
        }
        return FeatureVector(values)
    }

    /// The target column as "is bad" flags: a row is bad when its trimmed value is `badValue`,
    /// good otherwise; a blank target is an error naming the line.
    public func badFlags(target: String, badValue: String) throws(ScorecardError) -> [Bool] {
        let c = try column(target)
        var flags: [Bool] = []
        flags.reserveCapacity(rowCount)
        for r in rows.indices {
            let text = DecimalText.trimmed(field(r, c))
            guard !text.isEmpty else { throw ScorecardError(.data, "line \(lines[r]): column '\(target)' is blank") }
            flags.append(text == badValue)
        }
        let bads = flags.count { $0 }
        guard bads > 0, bads < flags.count else {
            throw ScorecardError(
                .data,
                "column '\(target)': need both bads (value '\(badValue)') and goods; found \(bads) bads in \(flags.count) rows"
            )
        }
        return flags
    }

    /// Row ids from `column`, else the 1-based row numbers.
    public func ids(column name: String?) throws(ScorecardError) -> [String] {
        guard let name else { return rows.indices.map { String($0 + 1) } }
        let c = try column(name)
        return rows.indices.map { DecimalText.trimmed(field($0, c)) }
    }
}
