import Foundation

/// Node-link panels: firms as circles, flows as arrows (arrowheads drawn as triangles, so that
/// several inline SVGs on one page need no shared marker ids).
extension SVGChart {
    static let nodeRadius = 17.0

    static func networkPanel(_ panel: NetworkChart.Panel) -> String {
        switch panel.layout {
        case .circle: circlePanel(panel)
        case .layers: layerPanel(panel)
        }
    }

    /// Nodes on a circle, clockwise from the top in node order; labels outside the circle.
    static func circlePanel(_ panel: NetworkChart.Panel) -> String {
        let n = max(panel.nodes.count, 1)
        let radius = max(90, 120 * Double(n) / (2 * .pi))
        let margin = 150.0
        let width = 2 * radius + 2 * margin, top = 30.0
        let height = top + 2 * radius + 90
        let center = (x: width / 2, y: top + 40 + radius)
        let points = panel.nodes.indices.map { i -> (x: Double, y: Double, angle: Double) in
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(n)
            return (center.x + radius * cos(angle), center.y + radius * sin(angle), angle)
        }
        var out = svgOpen(width, height, "network: \(panel.title)")
        out += text(8, 16, panel.title, extra: " font-weight=\"600\"")
        let pairs = Set(panel.edges.map { [$0.from, $0.to] })
        for edge in panel.edges {
            // A flow with one back the other way bends to its right, so that both show.
            let bend = pairs.contains([edge.to, edge.from]) ? 22.0 : 0
            out += arrow(
                from: (points[edge.from].x, points[edge.from].y), to: (points[edge.to].x, points[edge.to].y),
                bend: bend, edge: edge)
        }
        for (i, node) in panel.nodes.enumerated() {
            let p = points[i]
            out += nodeMark(node, at: (p.x, p.y))
            let (c, s) = (cos(p.angle), sin(p.angle))
            let anchor = c > 0.3 ? "start" : c < -0.3 ? "end" : "middle"
            let lx = p.x + c * (nodeRadius + 8), ly = p.y + s * (nodeRadius + 10) + (s > 0.3 ? 10 : s < -0.3 ? -4 : 4)
            out += text(lx, ly, node.label, anchor: anchor, extra: " font-size=\"11\"")
        }
        return out + "</svg>"
    }

    /// Columns by layer, left to right, nodes top to bottom in order; arrows between columns.
    static func layerPanel(_ panel: NetworkChart.Panel) -> String {
        let layers = (panel.nodes.map(\.layer).max() ?? 0) + 1
        let column = 230.0, row = 44.0, left = 30.0, top = 48.0
        var rowOf = [Int](repeating: 0, count: panel.nodes.count)
        var filled = [Int](repeating: 0, count: layers)
        for (i, node) in panel.nodes.enumerated() {
            rowOf[i] = filled[node.layer]
            filled[node.layer] += 1
        }
        let width = left + Double(layers) * column + 40
        let height = top + Double(max(filled.max() ?? 1, 1)) * row + 16
        func point(_ i: Int) -> (x: Double, y: Double) {
            (left + nodeRadius + Double(panel.nodes[i].layer) * column, top + nodeRadius + Double(rowOf[i]) * row)
        }
        var out = svgOpen(width, height, "network: \(panel.title)")
        out += text(8, 16, panel.title, extra: " font-weight=\"600\"")
        for (layer, title) in panel.layerTitles.enumerated() where layer < layers {
            out += text(left + Double(layer) * column, 36, title, extra: " fill=\"#5b6776\"")
        }
        for edge in panel.edges {
            out += arrow(from: point(edge.from), to: point(edge.to), bend: 0, edge: edge, curved: true)
        }
        for (i, node) in panel.nodes.enumerated() {
            let p = point(i)
            out += nodeMark(node, at: p, detailInside: false)
            out += text(p.x + nodeRadius + 6, p.y - 2, node.label, extra: " font-size=\"11\"")
            out += text(p.x + nodeRadius + 6, p.y + 11, node.detail, extra: " font-size=\"9\" fill=\"#5b6776\"")
        }
        return out + "</svg>"
    }

    /// A firm: a circle (darker red for more `intensity`) with its detail inside, its title on hover.
    static func nodeMark(_ node: NetworkChart.Node, at p: (x: Double, y: Double), detailInside: Bool = true) -> String {
        let fill =
            node.intensity.map { "fill=\"#c4463a\" fill-opacity=\"\(format2(0.25 + 0.75 * min(max($0, 0), 1)))\"" }
            ?? "fill=\"\(palette[0])\""
        var out = "<g><title>\(HTML.escape(node.title))</title>"
        out +=
            "<circle cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"\(f(nodeRadius))\" \(fill) stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
        if detailInside {
            out += text(
                p.x, p.y + 4, node.detail, anchor: "middle",
                extra: " font-size=\"10\" font-weight=\"600\" fill=\"#ffffff\"")
        }
        return out + "</g>"
    }

    /// An arrow between two node centres, stopping at the circles' edges: straight, bent by
    /// `bend` pixels to its right (a quadratic curve), or an S-curve between columns.
    static func arrow(
        from a: (x: Double, y: Double), to b: (x: Double, y: Double), bend: Double, edge: NetworkChart.Edge,
        curved: Bool = false
    ) -> String {
        let dx = b.x - a.x, dy = b.y - a.y
        let length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
        let (ux, uy) = (dx / length, dy / length)
        let (nx, ny) = (-uy, ux)  // to the arrow's right in screen coordinates
        let width = 1 + 4 * min(max(edge.weight, 0), 1)
        let colour = "#44505e"
        var path: String
        var end: (x: Double, y: Double)
        var tangent: (x: Double, y: Double)
        var middle: (x: Double, y: Double)
        if curved {
            let start = (x: a.x + nodeRadius, y: a.y)
            end = (b.x - nodeRadius - 2, b.y)
            let mx = (start.x + end.x) / 2
            path = "M\(f(start.x)),\(f(start.y)) C\(f(mx)),\(f(start.y)) \(f(mx)),\(f(end.y)) \(f(end.x)),\(f(end.y))"
            tangent = (1, 0)
            middle = (mx, (start.y + end.y) / 2)
        } else {
            let control = (x: (a.x + b.x) / 2 + nx * bend * 2, y: (a.y + b.y) / 2 + ny * bend * 2)
            func toward(_ p: (x: Double, y: Double), _ q: (x: Double, y: Double), by r: Double) -> (
                x: Double, y: Double
            ) {
                let (ex, ey) = (q.x - p.x, q.y - p.y)
                let l = max((ex * ex + ey * ey).squareRoot(), 1e-9)
                return (p.x + ex / l * r, p.y + ey / l * r)
            }
            let start = toward(a, control, by: nodeRadius + 1)
            end = toward(b, control, by: nodeRadius + 3)
            let (tx, ty) = (end.x - control.x, end.y - control.y)
            let tl = max((tx * tx + ty * ty).squareRoot(), 1e-9)
            tangent = (tx / tl, ty / tl)
            path = "M\(f(start.x)),\(f(start.y)) Q\(f(control.x)),\(f(control.y)) \(f(end.x)),\(f(end.y))"
            // The curve's midpoint: ¼ start + ½ control + ¼ end.
            middle = ((start.x + end.x) / 4 + control.x / 2, (start.y + end.y) / 4 + control.y / 2)
        }
        let head = 7 + width
        let (px, py) = (-tangent.y, tangent.x)
        let base = (x: end.x - tangent.x * head, y: end.y - tangent.y * head)
        let triangle = [
            (end.x, end.y), (base.x + px * head / 2, base.y + py * head / 2),
            (base.x - px * head / 2, base.y - py * head / 2),
        ].map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        var out = "<g><title>\(HTML.escape(edge.label))</title>"
        out +=
            "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-opacity=\"0.75\" stroke-width=\"\(f(width))\"/>"
        out += "<polygon points=\"\(triangle)\" fill=\"\(colour)\"/>"
        if !edge.label.isEmpty, !curved {  // between columns the labels would pile up at the source: hover only
            out += text(
                middle.x + nx * 9, middle.y + ny * 9 + 3, edge.label, anchor: "middle",
                extra: " font-size=\"9\" fill=\"#2b3440\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"")
        }
        return out + "</g>"
    }
}
