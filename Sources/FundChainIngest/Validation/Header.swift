/// Maps a CSV header to the columns a row kind needs: by name, in any order, case-insensitive,
/// surrounding spaces ignored. Unknown columns are ignored (and reported).
public struct Header: Sendable {
    /// Index of each known column in the file, `nil` when the (optional) column is absent.
    public let indices: [Int?]
    /// Columns of the file that the row kind does not use.
    public let ignored: [String]
    public let fieldCount: Int

    public init(_ row: borrowing CSVRow, required: [String], optional: [String] = [], file: String) throws(IngestError)
    {
        var positions: [String: Int] = [:]
        var ignored: [String] = []
        let known = Set(required + optional)
        for i in 0..<row.count {
            let name = row.string(i).trimmingWhitespace().lowercased()
            if positions[name] != nil {
                throw IngestError(.badHeader, file: file, line: row.line, field: name, "column '\(name)' appears twice")
            }
            positions[name] = i
            if !known.contains(name) { ignored.append(name) }
        }
        for name in required where positions[name] == nil {
            throw IngestError(
                .badHeader, file: file, line: row.line, field: name,
                "missing column '\(name)' (expected columns: \(required.joined(separator: ",")))")
        }
        self.indices = (required + optional).map { positions[$0] }
        self.ignored = ignored
        self.fieldCount = row.count
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
