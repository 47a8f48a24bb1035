/// Which way a chain is traced from a firm.
public struct ChainDirection: Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable { case upstream, downstream }
    let base: Base
    /// Suppliers: the firm's payees, recursively (follows payments out of the firm).
    public static let upstream = Self(base: .upstream)
    /// Customers: the firm's payers, recursively (follows payments into the firm, backwards).
    public static let downstream = Self(base: .downstream)
    public var description: String { base == .upstream ? "upstream" : "downstream" }
}

/// One simple path of a chain from the traced firm.
public struct ChainPath: Sendable, Hashable {
    /// Nodes from the traced firm outward; `nodes.count − 1` hops.
    public var nodes: [Int32]
    /// Amount of the path's last hop (between its last two firms).
    public var amount: Int64
    /// Product of the per-hop shares: at each hop, the hop's amount over the total outflow
    /// (upstream) or inflow (downstream) of the firm it leaves. For a one-hop path it is the
    /// share of the firm's flows that counterparty takes; further out it is the share of the
    /// firm's flows the path carries under proportional pass-through.
    public var share: Double

    public var depth: Int { nodes.count - 1 }
}

/// The supplier or customer chain of one firm to a depth.
public struct ChainTrace: Sendable {
    public var root: Int32
    public var direction: ChainDirection
    /// Every simple path of 1...depth hops (self-loops skipped), depth-first in node order.
    public var paths: [ChainPath]
    /// `true` when the path limit cut the search short.
    public var truncated: Bool

    /// Per reached firm: the smallest depth and the total share of all paths ending there.
    public var tiers: [(node: Int32, depth: Int, share: Double)] {
        var byNode: [Int32: (Int, Double)] = [:]
        for p in paths {
            let last = p.nodes[p.nodes.count - 1]
            let old = byNode[last] ?? (Int.max, 0)
            byNode[last] = (min(old.0, p.depth), old.1 + p.share)
        }
        return byNode.map { ($0.key, $0.value.0, $0.value.1) }.sorted { ($0.depth, $0.node) < ($1.depth, $1.node) }
    }
}
