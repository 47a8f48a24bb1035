import FundChainCore

/// Inline SVG for each chart kind. Sizes are computed from the data; label widths from display
/// width (CJK characters count double). Text is escaped with `HTML.escape`.
enum SVGChart {
    static let palette = [
        "#2f6db5", "#e08a2c", "#3a9d5d", "#c4463a", "#8a5fb8", "#7a8796", "#d4b62c", "#2aa1a8", "#b85f8a",
    ]

    static func render(_ chart: ReportChart) -> String {
        switch chart {
        case .bars(let bars): barChart(bars)
        case .histogram(let histogram): histogramChart(histogram)
        case .heatmap(let heatmap): heatmapChart(heatmap)
        case .flows(let flows): flowChart(flows)
        case .curve(let curve): curveChart(curve)
        case .calibration(let calibration): calibrationChart(calibration)
        case .network(let network): network.panels.map(networkPanel).joined()
        }
    }

    static func textWidth(_ text: String) -> Double { Double(DisplayWidth.of(text)) * 6.2 }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", extra: String = "")
        -> String
    {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\"\(extra)>\(HTML.escape(content))</text>"
    }

    /// A coordinate with at most one decimal.
    static func f(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func legend(_ series: [String], x: Double, y: Double) -> String {
        guard series.count > 1 else { return "" }
        var out = ""
        var at = x
        for (s, name) in series.enumerated() {
            out +=
                "<rect x=\"\(f(at))\" y=\"\(f(y - 9))\" width=\"10\" height=\"10\" fill=\"\(palette[s % palette.count])\"/>"
            out += text(at + 14, y, name)
            at += 24 + textWidth(name)
        }
        return out
    }

    /// Horizontal bars, stacked by series.
    static func barChart(_ chart: BarChart) -> String {
        let labelWidth = min(260, (chart.labels.map(textWidth).max() ?? 0) + 8)
        let plot = 560.0
        let row = 18.0
        let top = chart.series.count > 1 ? 26.0 : 8.0
        let height = top + Double(chart.labels.count) * row + 24
        let width = labelWidth + plot + 90
        let totals = chart.values.map { $0.reduce(0, +) }
        let maximum = max(totals.max() ?? 0, 1e-12)
        var out = svgOpen(width, height, "bar chart")
        out += legend(chart.series, x: labelWidth, y: 14)
        for (i, label) in chart.labels.enumerated() {
            let y = top + Double(i) * row
            out += text(labelWidth - 6, y + 12, label, anchor: "end")
            var x = labelWidth
            for (s, value) in chart.values[i].enumerated() where value > 0 {
                let w = value / maximum * plot
                out +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y + 2))\" width=\"\(f(max(w, 0.5)))\" height=\"\(f(row - 5))\" fill=\"\(palette[s % palette.count])\"><title>\(HTML.escape("\(label) \(chart.series[s]): \(number(value))"))</title></rect>"
                x += w
            }
            out += text(x + 4, y + 12, number(totals[i]))
        }
        out += text(labelWidth, height - 6, chart.unit, extra: " fill=\"#5b6776\"")
        return out + "</svg>"
    }

    /// Vertical bars per bin, series side by side.
    static func histogramChart(_ chart: Histogram) -> String {
        let left = 44.0
        let plotHeight = 180.0
        let top = chart.series.count > 1 ? 26.0 : 10.0
        let groupWidth = max(28.0, min(70.0, 760.0 / Double(max(chart.bins.count, 1))))
        let barWidth = (groupWidth - 6) / Double(max(chart.series.count, 1))
        let width = left + groupWidth * Double(chart.bins.count) + 20
        let height = top + plotHeight + 44
        let maximum = max(chart.counts.flatMap { $0 }.max() ?? 0, 1)
        var out = svgOpen(width, height, "histogram")
        out += legend(chart.series, x: left, y: 14)
        let base = top + plotHeight
        out +=
            "<line x1=\"\(f(left))\" y1=\"\(f(base))\" x2=\"\(f(width - 10))\" y2=\"\(f(base))\" stroke=\"#8893a0\"/>"
        out += text(left - 4, top + 8, String(maximum), anchor: "end")
        out += text(left - 4, base, "0", anchor: "end")
        for (b, bin) in chart.bins.enumerated() {
            let x0 = left + Double(b) * groupWidth + 3
            for s in chart.series.indices {
                let count = chart.counts[s][b]
                let h = Double(count) / Double(maximum) * plotHeight
                let x = x0 + Double(s) * barWidth
                out +=
                    "<rect x=\"\(f(x))\" y=\"\(f(base - h))\" width=\"\(f(barWidth - 1))\" height=\"\(f(h))\" fill=\"\(palette[s % palette.count])\"><title>\(HTML.escape("\(bin) \(chart.series[s]): \(count)"))</title></rect>"
            }
            out += text(x0 + (groupWidth - 6) / 2, base + 14, bin, anchor: "middle", extra: " font-size=\"9\"")
        }
        return out + "</svg>"
    }

    /// A grid of counts, darker for more.
    static func heatmapChart(_ chart: Heatmap) -> String {
        let cell = 44.0
        let left = max(60, (chart.rows.map(textWidth).max() ?? 0) + 14)
        let top = 40.0
        let width = left + cell * Double(chart.columns.count) + 10
        let height = top + cell * Double(chart.rows.count) + 10
        let maximum = max(chart.counts.flatMap { $0 }.max() ?? 0, 1)
        var out = svgOpen(width, height, "heatmap")
        out += text(left, 12, chart.columnTitle + " →", extra: " fill=\"#5b6776\"")
        out += text(4, top - 6, chart.rowTitle + " ↓", extra: " fill=\"#5b6776\"")
        for (c, column) in chart.columns.enumerated() {
            out += text(left + (Double(c) + 0.5) * cell, top - 6, column, anchor: "middle")
        }
        for (r, row) in chart.rows.enumerated() {
            let y = top + Double(r) * cell
            out += text(left - 6, y + cell / 2 + 4, row, anchor: "end")
            for c in chart.columns.indices {
                let count = chart.counts[r][c]
                let level = count == 0 ? 0 : 0.12 + 0.88 * Double(count) / Double(maximum)
                let x = left + Double(c) * cell
                out +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cell - 2))\" height=\"\(f(cell - 2))\" fill=\"#2f6db5\" fill-opacity=\"\(format2(max(level, 0.04)))\"/>"
                if count > 0 {
                    out += text(
                        x + cell / 2 - 1, y + cell / 2 + 3, String(count), anchor: "middle",
                        extra: level > 0.55 ? " fill=\"#ffffff\"" : "")
                }
            }
        }
        return out + "</svg>"
    }

    /// Payer industries on the left, payee industries on the right, a band per link.
    static func flowChart(_ chart: FlowDiagram) -> String {
        var sources: [String] = []
        var targets: [String] = []
        var out: [String: Double] = [:]
        var into: [String: Double] = [:]
        for link in chart.links {
            if out[link.source] == nil { sources.append(link.source) }
            if into[link.target] == nil { targets.append(link.target) }
            out[link.source, default: 0] += Double(link.amount)
            into[link.target, default: 0] += Double(link.amount)
        }
        let total = max(chart.links.reduce(0.0) { $0 + Double($1.amount) }, 1)
        let gap = 6.0
        let available = 420.0
        let labelLeft = min(240, (sources.map(textWidth).max() ?? 0) + 10)
        let labelRight = min(240, (targets.map(textWidth).max() ?? 0) + 10)
        let x0 = labelLeft
        let x1 = labelLeft + 360
        let nodeWidth = 10.0
        let height = max(Double(sources.count), Double(targets.count)) * (gap + 8) + available + 30
        let width = x1 + nodeWidth + labelRight + 10
        func layout(_ names: [String], _ totals: [String: Double]) -> [String: Double] {
            var y = 20.0
            var at: [String: Double] = [:]
            for name in names {
                at[name] = y
                y += max(totals[name]! / total * available, 8) + gap  // at least 14 px a label
            }
            return at
        }
        let sourceY = layout(sources, out)
        let targetY = layout(targets, into)
        var sourceCursor = sourceY
        var targetCursor = targetY
        var svg = svgOpen(width, height, "flow diagram")
        for link in chart.links {
            let h = Double(link.amount) / total * available
            let ys = sourceCursor[link.source]! + h / 2
            let yt = targetCursor[link.target]! + h / 2
            sourceCursor[link.source]! += h
            targetCursor[link.target]! += h
            let a = x0 + nodeWidth
            let mid = (a + x1) / 2
            svg +=
                "<path d=\"M\(f(a)),\(f(ys)) C\(f(mid)),\(f(ys)) \(f(mid)),\(f(yt)) \(f(x1)),\(f(yt))\" fill=\"none\" stroke=\"\(palette[sources.firstIndex(of: link.source)! % palette.count])\" stroke-opacity=\"0.45\" stroke-width=\"\(f(max(h, 0.8)))\"><title>\(HTML.escape("\(link.source) → \(link.target): ¥\(Money(fen: link.amount).grouped)"))</title></path>"
        }
        for name in sources {
            let h = out[name]! / total * available
            svg +=
                "<rect x=\"\(f(x0))\" y=\"\(f(sourceY[name]!))\" width=\"\(f(nodeWidth))\" height=\"\(f(max(h, 1)))\" fill=\"#44505e\"/>"
            svg += text(x0 - 4, sourceY[name]! + h / 2 + 4, name, anchor: "end")
        }
        for name in targets {
            let h = into[name]! / total * available
            svg +=
                "<rect x=\"\(f(x1))\" y=\"\(f(targetY[name]!))\" width=\"\(f(nodeWidth))\" height=\"\(f(max(h, 1)))\" fill=\"#44505e\"/>"
            svg += text(x1 + nodeWidth + 4, targetY[name]! + h / 2 + 4, name)
        }
        svg += text(x0, 12, "payer industry", extra: " fill=\"#5b6776\"")
        svg += text(x1 + nodeWidth, 12, "payee industry", anchor: "end", extra: " fill=\"#5b6776\"")
        return svg + "</svg>"
    }

    static func svgOpen(_ width: Double, _ height: Double, _ label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(label)\">"
    }

    static func format2(_ x: Double) -> String { String((x * 100).rounded() / 100) }

    /// A value label: integers without decimals, others with two.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : ReportCell.fixed(x, 2)
    }
}
