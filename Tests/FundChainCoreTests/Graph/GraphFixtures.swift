import Foundation
import FundChainTestSupport

@testable import FundChainCore

/// Reads the NetworkX fixtures of `Tests/Fixtures/graph/` (made by `make-graph-fixtures.py`).
enum GraphFixtures {
    static let directory = repoRoot.appendingPathComponent("Tests/Fixtures/graph")

    static let names = ["random-int", "dense-int", "powerlaw-text", "unweighted-quoted"]

    static func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    static func text(_ file: String) throws -> String { try String(contentsOf: url(file), encoding: .utf8) }

    static func graph(_ name: String) throws -> CapitalFlowGraph {
        let data = try Data(contentsOf: url(name + ".edges.csv"))
        return try data.withUnsafeBytes { try EdgeListParser.parse($0) }
    }

    /// Records of a small CSV file (RFC 4180 quotes), header dropped.
    static func rows(_ file: String) throws -> [[String]] {
        Array(parseCSV(try text(file)).dropFirst())
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// Cycle files present for a fixture: (file, K, minimum amount text or nil).
    static func cycleFiles(_ name: String) throws -> [(String, Int, String?)] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(name + ".cycles-") }
            .sorted()
            .map { file in
                let parts = file.dropFirst(name.count + ".cycles-".count).dropLast(".csv".count)
                    .split(separator: "-")
                return (file, Int(parts[0])!, parts.count == 3 ? String(parts[2]) : nil)
            }
    }
}

/// An independent modularity for tests: straight from the definition over a dictionary of
/// undirected weights, sharing no code with the engine.
func referenceModularity(_ graph: CapitalFlowGraph, _ community: [Int32]) -> Double {
    var weight: [Int: [Int: Double]] = [:]
    for u in 0..<Int32(graph.nodeCount) {
        for e in graph.outEdges(of: u) {
            let v = graph.target(ofEdge: e)
            let w = Double(graph.amount(ofEdge: e))
            let a = Int(min(u, v)), b = Int(max(u, v))
            weight[a, default: [:]][b, default: 0] += w
        }
    }
    // Undirected graph: edge {a,b} of weight w; self-loop counts twice in the degree.
    var degree = [Double](repeating: 0, count: graph.nodeCount)
    var m = 0.0
    var inside = [Int32: Double]()
    for (a, row) in weight {
        for (b, w) in row {
            m += w
            degree[a] += w
            degree[b] += w
            if community[a] == community[b] { inside[community[a], default: 0] += w }
        }
    }
    var tot = [Int32: Double]()
    for (v, d) in degree.enumerated() { tot[community[v], default: 0] += d }
    var q = 0.0
    for (c, t) in tot { q += (inside[c] ?? 0) / m - (t / (2 * m)) * (t / (2 * m)) }
    return q
}
