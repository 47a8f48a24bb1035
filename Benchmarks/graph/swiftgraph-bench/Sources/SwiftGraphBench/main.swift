// swiftgraph-bench pagerank|scc EDGES — prints node,value CSV like `fundchain graph`.
import Foundation
import SwiftGraph

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write("usage: swiftgraph-bench pagerank|scc EDGES\n".data(using: .utf8)!)
    exit(64)
}
let text = try String(contentsOfFile: arguments[2], encoding: .utf8)
let graph = WeightedGraph<String, Double>()
var index: [String: Int] = [:]
func vertex(_ key: Substring) -> Int {
    if let i = index[String(key)] { return i }
    let i = graph.addVertex(String(key))
    index[String(key)] = i
    return i
}
var first = true
for line in text.split(separator: "\n") {
    if first { first = false; continue }
    let f = line.split(separator: ",", omittingEmptySubsequences: false)
    let u = vertex(f[0]), v = vertex(f[1])
    graph.addEdge(fromIndex: u, toIndex: v, weight: Double(f[2])!, directed: true)
}
let n = graph.vertexCount
var output = ""
if arguments[1] == "pagerank" {
    var strength = [Double](repeating: 0, count: n)
    for u in 0..<n { for e in graph.edgesForIndex(u) { strength[u] += e.weight } }
    var x = [Double](repeating: 1 / Double(n), count: n)
    for _ in 0..<1000 {
        var next = [Double](repeating: 0, count: n)
        var dangling = 0.0
        for u in 0..<n {
            if strength[u] == 0 { dangling += x[u]; continue }
            for e in graph.edgesForIndex(u) { next[e.v] += x[u] * e.weight / strength[u] }
        }
        var err = 0.0
        for v in 0..<n {
            next[v] = 0.85 * (next[v] + dangling / Double(n)) + 0.15 / Double(n)
            err += abs(next[v] - x[v])
        }
        x = next
        if err < Double(n) * 1e-10 { break }
    }
    for v in 0..<n { output += "\(graph.vertexAtIndex(v)),\(x[v])\n" }
} else {
    // Iterative Tarjan over SwiftGraph's edge lists.
    var idx = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
    var onStack = [Bool](repeating: false, count: n), comp = [Int](repeating: 0, count: n)
    var stack: [Int] = [], frames: [(Int, Int)] = []
    var counter = 0, count = 0
    for root in 0..<n where idx[root] < 0 {
        idx[root] = counter; low[root] = counter; counter += 1
        stack.append(root); onStack[root] = true; frames.append((root, 0))
        while let (v, i) = frames.last {
            let edges = graph.edgesForIndex(v)
            if i < edges.count {
                frames[frames.count - 1].1 = i + 1
                let w = edges[i].v
                if idx[w] < 0 {
                    idx[w] = counter; low[w] = counter; counter += 1
                    stack.append(w); onStack[w] = true; frames.append((w, 0))
                } else if onStack[w] { low[v] = min(low[v], idx[w]) }
                continue
            }
            frames.removeLast()
            if low[v] == idx[v] {
                while true { let w = stack.removeLast(); onStack[w] = false; comp[w] = count; if w == v { break } }
                count += 1
            }
            if let (p, _) = frames.last { low[p] = min(low[p], low[v]) }
        }
    }
    for v in 0..<n { output += "\(graph.vertexAtIndex(v)),\(comp[v])\n" }
}
FileHandle.standardOutput.write(output.data(using: .utf8)!)
