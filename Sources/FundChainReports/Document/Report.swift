/// A finished report: what every renderer (table, CSV, JSON, Markdown, HTML) draws from. Builders
/// make one from their inputs; renderers never compute anything but layout.
public struct Report: Sendable, Equatable {
    /// `region`, `gap`, `warnings`, `portfolio`, `chain`, `risk`.
    public var kind: String
    public var title: String
    /// Facts about the report's inputs, in order: batch, as-of date, filters, definitions used.
    public var facts: [Fact]
    public var sections: [ReportSection]

    public struct Fact: Sendable, Equatable {
        /// Machine name (JSON key), e.g. `batch`.
        public var key: String
        public var label: String
        public var value: String

        public init(_ key: String, _ label: String, _ value: String) {
            self.key = key
            self.label = label
            self.value = value
        }
    }

    public init(kind: String, title: String, facts: [Fact] = [], sections: [ReportSection] = []) {
        self.kind = kind
        self.title = title
        self.facts = facts
        self.sections = sections
    }

    /// The section named `key`, if any.
    public func section(_ key: String) -> ReportSection? { sections.first { $0.key == key } }

    /// The sections that hold a table, in order (what `--table` chooses from for CSV).
    public var tableKeys: [String] { sections.filter { $0.table != nil }.map(\.key) }
}

/// One part of a report: a table, a chart, or both (the chart draws the table's numbers).
public struct ReportSection: Sendable, Equatable {
    /// Machine name, e.g. `districts`; the CSV renderer's `--table` and the JSON key.
    public var key: String
    public var title: String
    /// A sentence under the title: a definition, or why the section is empty.
    public var note: String?
    public var table: ReportTable?
    public var chart: ReportChart?
    /// Whether JSON also gives the table at the top level, beside `facts`, for programs that
    /// want a report's headline figures without walking its sections. `nil`: only in `sections`.
    public var topLevel: TopLevel?

    public enum TopLevel: Sendable, Equatable {
        /// The table's one row, each column a top-level member.
        case fields
        /// The rows, as a top-level array named by the section's key.
        case list
    }

    public init(
        key: String, title: String, note: String? = nil, table: ReportTable? = nil, chart: ReportChart? = nil,
        topLevel: TopLevel? = nil
    ) {
        self.key = key
        self.title = title
        self.note = note
        self.table = table
        self.chart = chart
        self.topLevel = topLevel
    }
}

/// Columns and rows of typed cells.
public struct ReportTable: Sendable, Equatable {
    public var columns: [ReportColumn]
    public var rows: [[ReportCell]]

    public init(columns: [ReportColumn], rows: [[ReportCell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The cells of column `key`, top to bottom.
    public func column(_ key: String) -> [ReportCell] {
        guard let i = columns.firstIndex(where: { $0.key == key }) else { return [] }
        return rows.map { $0[i] }
    }
}

public struct ReportColumn: Sendable, Equatable {
    /// Machine name (CSV header, JSON key), with its unit as a suffix where it has one (`_yuan`).
    public var key: String
    /// Header for people (table, Markdown, HTML).
    public var label: String

    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

/// A typed value: renderers format each kind the same way everywhere.
public enum ReportCell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    case int(Int64)
    /// Fen; shown as yuan with two decimals, exactly (never through `Double`).
    case money(Int64)
    /// A ratio or score with `digits` decimals.
    case number(Double, digits: Int)
    /// A share in [0, 1], shown as a percentage with one decimal (kept as the ratio in CSV/JSON).
    case percent(Double)
    /// No value (not applicable or not computable).
    case empty

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }

    /// `.number`, or `.empty` when `value` is `nil` or not finite.
    public static func number(_ value: Double?, _ digits: Int) -> ReportCell {
        guard let value, value.isFinite else { return .empty }
        return .number(value, digits: digits)
    }

    public static func percent(_ value: Double?) -> ReportCell {
        guard let value, value.isFinite else { return .empty }
        return .percent(value)
    }

    public static func int(_ value: Int) -> ReportCell { .int(Int64(value)) }

    /// Whether the cell is numeric (right-aligned in tables).
    public var isNumeric: Bool {
        switch self {
        case .text, .empty: false
        case .int, .money, .number, .percent: true
        }
    }
}
