import Foundation
import FundChainCore

extension ReportCell {
    /// For people (table, Markdown, HTML): money as grouped yuan (`1,234.56`), percentages with
    /// one decimal (`12.5%`), nothing as `-`.
    public var display: String {
        switch self {
        case .text(let text): text
        case .int(let value): String(value)
        case .money(let fen): Money(fen: fen).grouped
        case .number(let value, let digits): Self.fixed(value, digits)
        case .percent(let share): Self.fixed(share * 100, 1) + "%"
        case .empty: "-"
        }
    }

    /// For machines (CSV, JSON): money as plain yuan (`1234.56`, exact), a percentage as its ratio
    /// with four decimals, nothing as the empty string.
    public var machine: String {
        switch self {
        case .text(let text): text
        case .int(let value): String(value)
        case .money(let fen): Money(fen: fen).description
        case .number(let value, let digits): Self.fixed(value, digits)
        case .percent(let share): Self.fixed(share, 4)
        case .empty: ""
        }
    }

    /// `value` with `digits` decimals; `-0` printed as `0`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        let text = String(format: "%.\(digits)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }
}
