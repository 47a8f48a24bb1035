import Foundation
import FundChainCore

/// Plain-text reports of `model fit` and `model validate`.
enum ModelReportFormatter {
    static func fitReport(_ result: ScorecardFitter.Result) -> String {
        var out = "IV table (training rows; sorted by IV)\n"
        let nameWidth = (result.candidates.map(\.name.count).max() ?? 0) + 2
        let ivWidths = [nameWidth, 12, 5, 8, 12, 9, 9, 0]
        out += row(["feature", "type", "bins", "IV", "monotonic", "coef", "p-value", "status"], widths: ivWidths)
        for c in result.candidates.sorted(by: { $0.iv > $1.iv }) {
            out += row(
                [
                    c.name, c.kind.rawValue, String(c.bins), fixed(c.iv, 4),
                    c.direction?.symbol ?? (c.monotonic ? "yes" : "no"),
                    c.coefficient.map { fixed($0, 4) } ?? "", c.pValue.map { fixed($0, 4) } ?? "", c.status,
                ], widths: ivWidths)
        }
        if result.candidates.contains(where: { $0.direction != nil }) {
            out +=
                "(monotonic: ↑ safer / ↑ riskier = held to the feature's stated direction; yes = the fit chose one)\n"
        }
        out += "\n" + performanceBlock("train", result.train)
        if let test = result.test { out += "\n" + performanceBlock("test", test) }
        let card = result.card
        out += "\ncard \(card.id) v\(card.version): \(card.features.count) features, base points \(card.basePoints), "
        out += "score range \(card.scoreRange.lowerBound)...\(card.scoreRange.upperBound)\n"
        return out
    }

    static func validationReport(card: Scorecard, _ report: ScorecardValidator.Report) -> String {
        var out = performanceBlock("validation", report.performance)
        out += "\nscore PSI: \(report.scorePSI.map { fixed($0, 4) } ?? "n/a (the card has no training distribution)")\n"
        out += "\nfeatures (IV on this data, PSI against training)\n"
        let widths = [(report.features.map(\.name.count).max() ?? 0) + 2, 8, 8]
        out += row(["feature", "IV", "PSI"], widths: widths)
        for f in report.features {
            out += row([f.name, fixed(f.iv, 4), f.psi.map { fixed($0, 4) } ?? "n/a"], widths: widths)
        }
        return out
    }

    static func performanceBlock(_ name: String, _ p: ScorePerformance) -> String {
        var out =
            "\(name): rows \(p.rows), bads \(p.bads), AUC \(fixed(p.auc, 4)), KS \(fixed(p.ks, 4)), Gini \(fixed(p.gini, 4))\n"
        out += row(["grade", "scores", "rows", "share", "bads", "bad rate"], widths: bandWidths)
        for b in p.bands {
            let range = "\(b.min.map(String.init) ?? "")…\(b.max.map(String.init) ?? "")"
            let share = p.rows > 0 ? Double(b.rows) / Double(p.rows) : 0
            out += row(
                [
                    b.grade, range, String(b.rows), percent(share), String(b.bads),
                    b.rows > 0 ? percent(b.badRate) : "-",
                ],
                widths: bandWidths)
        }
        return out
    }

    static let bandWidths = [6, 12, 7, 8, 7, 9]

    static func row(_ cells: [String], widths: [Int]) -> String {
        var line = ""
        for (cell, width) in zip(cells, widths) {
            line += cell
            if width > 0 { line += String(repeating: " ", count: max(1, width - cell.count)) }
        }
        while line.last == " " { line.removeLast() }
        return line + "\n"
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}
