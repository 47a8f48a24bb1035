/// A picture of a section's numbers, drawn as inline SVG in HTML (other formats show the table).
public enum ReportChart: Sendable, Equatable {
    /// Horizontal bars, one per label; each bar may stack several series (e.g. a grade mix).
    case bars(BarChart)
    /// Vertical bars over ordered bins, one or two series side by side (current vs previous).
    case histogram(Histogram)
    /// A matrix of counts coloured by value (grade migration).
    case heatmap(Heatmap)
    /// Flows between nodes: sources on the left, targets on the right, band width by amount.
    case flows(FlowDiagram)
}

public struct BarChart: Sendable, Equatable {
    public var labels: [String]
    /// Series names (legend); one value per series per label.
    public var series: [String]
    public var values: [[Double]]
    /// Unit shown on the axis, e.g. `firms` or `¥ million`.
    public var unit: String

    public init(labels: [String], series: [String], values: [[Double]], unit: String) {
        self.labels = labels
        self.series = series
        self.values = values
        self.unit = unit
    }
}

public struct Histogram: Sendable, Equatable {
    public var bins: [String]
    public var series: [String]
    /// `counts[s][b]`: series `s`, bin `b`.
    public var counts: [[Int]]

    public init(bins: [String], series: [String], counts: [[Int]]) {
        self.bins = bins
        self.series = series
        self.counts = counts
    }
}

public struct Heatmap: Sendable, Equatable {
    public var rowTitle: String
    public var columnTitle: String
    public var rows: [String]
    public var columns: [String]
    /// `counts[r][c]`.
    public var counts: [[Int]]

    public init(rowTitle: String, columnTitle: String, rows: [String], columns: [String], counts: [[Int]]) {
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.rows = rows
        self.columns = columns
        self.counts = counts
    }
}

public struct FlowDiagram: Sendable, Equatable {
    public struct Link: Sendable, Equatable {
        public var source: String
        public var target: String
        /// Fen.
        public var amount: Int64

        public init(source: String, target: String, amount: Int64) {
            self.source = source
            self.target = target
            self.amount = amount
        }
    }

    public var links: [Link]

    public init(links: [Link]) { self.links = links }
}
