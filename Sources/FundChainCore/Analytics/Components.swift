/// A partition of a graph's nodes: `component[node]` in `0..<count`, numbered in the order of
/// each component's smallest node (nodes are in natural key order, so this is the order of
/// their smallest keys).
public struct Components: Sendable, Equatable {
    public var component: [Int32]
    public var count: Int

    /// Renumbers arbitrary labels so that labels appear in order of first (smallest) node.
    init(labels: [Int32]) {
        var map = [Int32](repeating: -1, count: labels.count + 1)
        var next: Int32 = 0
        var component = [Int32](repeating: 0, count: labels.count)
        for (v, label) in labels.enumerated() {
            if map[Int(label)] < 0 {
                map[Int(label)] = next
                next += 1
            }
            component[v] = map[Int(label)]
        }
        self.component = component
        self.count = Int(next)
    }

    /// Nodes of each component, in node order.
    public var members: [[Int32]] {
        var result = [[Int32]](repeating: [], count: count)
        for (v, c) in component.enumerated() { result[Int(c)].append(Int32(v)) }
        return result
    }

    /// Sizes of each component.
    public var sizes: [Int] {
        var result = [Int](repeating: 0, count: count)
        for c in component { result[Int(c)] += 1 }
        return result
    }
}
