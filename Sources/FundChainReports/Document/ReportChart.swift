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
    /// Lines through points in the unit square, with the diagonal for reference (a ROC curve).
    case curve(CurveChart)
    /// Predicted against observed rates per category, the observed ones with their intervals,
    /// on a logarithmic axis (calibration per grade).
    case calibration(CalibrationChart)
}

public struct CurveChart: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public var xLabel: String
    public var yLabel: String
    /// Series names (legend) and each series' points, x and y in [0, 1].
    public var series: [String]
    public var points: [[Point]]

    public init(xLabel: String, yLabel: String, series: [String], points: [[Point]]) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.points = points
    }
}

public struct CalibrationChart: Sendable, Equatable {
    public struct Category: Sendable, Equatable {
        public var label: String
        public var predicted: Double
        public var observed: Double
        public var low: Double
        public var high: Double
        public var firms: Int

        public init(label: String, predicted: Double, observed: Double, low: Double, high: Double, firms: Int) {
            self.label = label
            self.predicted = predicted
            self.observed = observed
            self.low = low
            self.high = high
            self.firms = firms
        }
    }

    public var categories: [Category]

    public init(categories: [Category]) { self.categories = categories }
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
