import Foundation

/// The two pictures of a backtest: the ROC curve and the calibration per grade.
extension SVGChart {
    /// Lines in the unit square over a light grid, with the diagonal (a model no better than
    /// chance) dashed.
    static func curveChart(_ chart: CurveChart) -> String {
        let left = 48.0, top = chart.series.count > 1 ? 26.0 : 12.0, side = 300.0
        let width = left + side + 24, height = top + side + 44
        func x(_ v: Double) -> Double { left + v * side }
        func y(_ v: Double) -> Double { top + (1 - v) * side }
        var out = svgOpen(width, height, "curve: \(chart.yLabel) against \(chart.xLabel)")
        out += legend(chart.series, x: left, y: 14)
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            out +=
                "<line x1=\"\(f(x(tick)))\" y1=\"\(f(y(0)))\" x2=\"\(f(x(tick)))\" y2=\"\(f(y(1)))\" stroke=\"#e3e7ec\"/>"
            out +=
                "<line x1=\"\(f(x(0)))\" y1=\"\(f(y(tick)))\" x2=\"\(f(x(1)))\" y2=\"\(f(y(tick)))\" stroke=\"#e3e7ec\"/>"
            out += text(x(tick), y(0) + 14, format2(tick), anchor: "middle", extra: " font-size=\"9\"")
            out += text(left - 4, y(tick) + 3, format2(tick), anchor: "end", extra: " font-size=\"9\"")
        }
        out +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(side))\" height=\"\(f(side))\" fill=\"none\" stroke=\"#8893a0\"/>"
        out +=
            "<line x1=\"\(f(x(0)))\" y1=\"\(f(y(0)))\" x2=\"\(f(x(1)))\" y2=\"\(f(y(1)))\" stroke=\"#8893a0\" stroke-dasharray=\"4 3\"/>"
        for (s, points) in chart.points.enumerated() where !points.isEmpty {
            let path = points.map { "\(f(x($0.x))),\(f(y($0.y)))" }.joined(separator: " ")
            out +=
                "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(palette[s % palette.count])\" stroke-width=\"2\"/>"
        }
        out += text(left + side / 2, height - 8, chart.xLabel, anchor: "middle", extra: " fill=\"#5b6776\"")
        out += text(
            12, top + side / 2, chart.yLabel, anchor: "middle",
            extra: " fill=\"#5b6776\" transform=\"rotate(-90 12 \(f(top + side / 2)))\"")
        return out + "</svg>"
    }

    /// One column per category: the observed rate as a dot with its interval as a bar, the
    /// predicted rate as a diamond; rates on a log axis from 0.01 % to 100 % (a rate of 0 is
    /// drawn on the axis floor).
    static func calibrationChart(_ chart: CalibrationChart) -> String {
        let left = 56.0, top = 26.0, plotHeight = 220.0
        let column = max(36.0, min(70.0, 700.0 / Double(max(chart.categories.count, 1))))
        let width = left + column * Double(chart.categories.count) + 20
        let height = top + plotHeight + 40
        let floor = -4.0  // log10 of 0.01 %
        func y(_ rate: Double) -> Double {
            let l = rate > 0 ? max(floor, log10(rate)) : floor
            return top + (0 - l) / (0 - floor) * plotHeight
        }
        var out = svgOpen(width, height, "calibration: predicted and observed rate per grade")
        out +=
            "<circle cx=\"\(f(left + 5))\" cy=\"9\" r=\"4\" fill=\"\(palette[0])\"/>"
            + text(left + 14, 13, "observed (95 % interval)")
        out +=
            "<path d=\"M\(f(left + 175)) 4 l5 5 l-5 5 l-5 -5 z\" fill=\"\(palette[1])\"/>"
            + text(left + 186, 13, "predicted PD")
        for exponent in stride(from: 0, through: Int(floor), by: -1) {
            let rate = pow(10, Double(exponent))
            out +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(rate)))\" x2=\"\(f(width - 10))\" y2=\"\(f(y(rate)))\" stroke=\"#e3e7ec\"/>"
            out += text(left - 4, y(rate) + 3, rateLabel(rate), anchor: "end", extra: " font-size=\"9\"")
        }
        for (i, category) in chart.categories.enumerated() {
            let cx = left + (Double(i) + 0.5) * column
            out += text(cx, top + plotHeight + 16, category.label, anchor: "middle", extra: " font-size=\"10\"")
            out += text(
                cx, top + plotHeight + 28, "n=\(category.firms)", anchor: "middle",
                extra: " font-size=\"8\" fill=\"#5b6776\"")
            guard category.firms > 0 else { continue }
            let title =
                "\(category.label): observed \(rateLabel(category.observed)) (\(rateLabel(category.low))–\(rateLabel(category.high))), predicted \(rateLabel(category.predicted)), \(category.firms) firms"
            out += "<g><title>\(HTML.escape(title))</title>"
            out +=
                "<line x1=\"\(f(cx - 6))\" y1=\"\(f(y(category.low)))\" x2=\"\(f(cx - 6))\" y2=\"\(f(y(category.high)))\" stroke=\"\(palette[0])\" stroke-width=\"2\"/>"
            out += "<circle cx=\"\(f(cx - 6))\" cy=\"\(f(y(category.observed)))\" r=\"4\" fill=\"\(palette[0])\"/>"
            out +=
                "<path d=\"M\(f(cx + 6)) \(f(y(category.predicted) - 5)) l5 5 l-5 5 l-5 -5 z\" fill=\"\(palette[1])\"/></g>"
        }
        return out + "</svg>"
    }

    /// A rate as a percentage with two significant digits below 1 % (`0.052%`), one decimal above.
    static func rateLabel(_ rate: Double) -> String {
        let percent = rate * 100
        guard percent > 0, percent < 1 else { return ReportCell.fixed(percent, percent == 0 ? 0 : 1) + "%" }
        let digits = max(1, 1 - Int(log10(percent).rounded(.down)))
        return ReportCell.fixed(percent, digits) + "%"
    }
}
