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
    /// Small node-link drawings of firms and the money between them (payment cycles, round-trip
    /// rings, a stress cascade), one panel each.
    case network(NetworkChart)
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

/// Panels of firms (nodes) and flows (arrows), laid out deterministically by the renderer: on a
/// circle in node order (a ring's arrows then run clockwise), or in columns by `layer` (a
/// cascade, round by round, left to right).
public struct NetworkChart: Sendable, Equatable {
    public enum Layout: Sendable, Equatable {
        case circle
        case layers
    }

    public struct Node: Sendable, Equatable {
        /// A short name.
        public var label: String
        /// A second line, e.g. the grade or the stress.
        public var detail: String
        /// Shown on hover: the full name and USCC.
        public var title: String
        /// 0…1: how dark the node is drawn (e.g. stress); `nil` for the plain colour.
        public var intensity: Double?
        /// The column in the `.layers` layout.
        public var layer: Int

        public init(label: String, detail: String, title: String, intensity: Double? = nil, layer: Int = 0) {
            self.label = label
            self.detail = detail
            self.title = title
            self.intensity = intensity
            self.layer = layer
        }
    }

    public struct Edge: Sendable, Equatable {
        /// Indices into the panel's nodes.
        public var from: Int
        public var to: Int
        /// Written at the arrow's middle (e.g. an amount); empty for none.
        public var label: String
        /// 0…1: the arrow's relative width.
        public var weight: Double

        public init(from: Int, to: Int, label: String, weight: Double) {
            self.from = from
            self.to = to
            self.label = label
            self.weight = weight
        }
    }

    public struct Panel: Sendable, Equatable {
        public var title: String
        public var layout: Layout
        public var nodes: [Node]
        public var edges: [Edge]
        /// Column headings of the `.layers` layout, by layer.
        public var layerTitles: [String]

        public init(title: String, layout: Layout, nodes: [Node], edges: [Edge], layerTitles: [String] = []) {
            self.title = title
            self.layout = layout
            self.nodes = nodes
            self.edges = edges
            self.layerTitles = layerTitles
        }
    }

    public var panels: [Panel]

    public init(panels: [Panel]) { self.panels = panels }
}
