/// Disjoint sets over the integers `0..<count` (union–find): union by size, path halving. Used
/// by weakly connected components and by the risk report's circular-flow groups.
///
/// - Complexity: O(α(n)) amortised per operation, O(n) memory.
public struct DisjointSets: Sendable {
    private var parent: [Int32]
    private var size: [Int32]

    public init(count: Int) {
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    /// The representative of `x`'s set.
    public mutating func find(_ x: Int32) -> Int32 {
        var x = x
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return x
    }

    /// Joins the sets of `a` and `b`; `false` when they were already one.
    @discardableResult
    public mutating func union(_ a: Int32, _ b: Int32) -> Bool {
        var a = find(a), b = find(b)
        if a == b { return false }
        if size[Int(a)] < size[Int(b)] { swap(&a, &b) }
        parent[Int(b)] = a
        size[Int(a)] += size[Int(b)]
        return true
    }
}

/// Groups of nodes joined by cycles: cycles that share a node belong to one group.
public struct CycleGroup: Sendable, Hashable {
    /// The group's nodes, ascending.
    public var members: [Int32]
    /// Indices (into the cycles given) of the group's cycles, ascending.
    public var cycles: [Int]
    /// The fewest and most nodes of its cycles.
    public var shortest: Int
    public var longest: Int

    /// The groups of `cycles` over nodes `0..<nodeCount`, ordered by their smallest node.
    ///
    /// - Complexity: O(n + C·K α(n)) for C cycles of at most K nodes.
    public static func groups(_ cycles: [[Int32]], nodeCount: Int) -> [CycleGroup] {
        var sets = DisjointSets(count: nodeCount)
        for cycle in cycles { for v in cycle.dropFirst() { sets.union(cycle[0], v) } }
        var byRoot: [Int32: CycleGroup] = [:]
        var seen = Set<Int32>()
        for (i, cycle) in cycles.enumerated() where !cycle.isEmpty {
            let root = sets.find(cycle[0])
            var group = byRoot[root] ?? CycleGroup(members: [], cycles: [], shortest: .max, longest: 0)
            group.cycles.append(i)
            group.shortest = min(group.shortest, cycle.count)
            group.longest = max(group.longest, cycle.count)
            for v in cycle where seen.insert(v).inserted { group.members.append(v) }
            byRoot[root] = group
        }
        return byRoot.values.map { group in
            var group = group
            group.members.sort()
            return group
        }.sorted { $0.members[0] < $1.members[0] }
    }
}
