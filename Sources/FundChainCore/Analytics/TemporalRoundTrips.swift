/// One dated flow between two firms: a day (`CalendarDate.daysSinceEpoch`) or a month
/// (`CalendarDate.monthIndex`); round-trip windows are in the same unit.
public struct DatedFlow: Sendable, Hashable {
    public var sourceKey: String
    public var targetKey: String
    public var amount: Int64
    public var time: Int

    public init(sourceKey: String, targetKey: String, amount: Int64, time: Int) {
        self.sourceKey = sourceKey
        self.targetKey = targetKey
        self.amount = amount
        self.time = time
    }
}

/// Money that left a firm and came back: a time-respecting simple cycle.
public struct RoundTrip: Sendable, Hashable {
    /// The firm the money left and returned to, then the firms it passed through, in order.
    public var firms: [String]
    /// The time of each hop (non-decreasing); `times.count == firms.count`.
    public var times: [Int]
    /// The smallest hop amount: at most this much can have made the whole trip.
    public var amount: Int64

    public var hops: Int { times.count }
}

/// Finds temporal round trips in dated flows.
///
/// A round trip of firm A is a sequence of flows A→B₁→…→Bₖ₋₁→A, 2 ≤ k ≤ `maxHops`, visiting no
/// firm twice, whose times never decrease and whose last time is at most `window` after the first
/// (`window` in the flows' unit: days or months). Self-flows are ignored. Each trip is reported
/// once, from the firm its first flow leaves.
public struct TemporalRoundTrips: Sendable {
    var keys = NodeKeyTable()
    /// Flows sorted by (source, time): CSR by source.
    var offsets: [Int] = [0]
    var targets: [Int32] = []
    var amounts: [Int64] = []
    var times: [Int] = []

    /// - Complexity: O(F log F).
    public init(flows: [DatedFlow]) {
        var raw: [(s: Int32, t: Int32, amount: Int64, time: Int)] = []
        raw.reserveCapacity(flows.count)
        for f in flows where f.sourceKey != f.targetKey {
            raw.append((keys.intern(f.sourceKey), keys.intern(f.targetKey), f.amount, f.time))
        }
        raw.sort { ($0.s, $0.time, $0.t) < ($1.s, $1.time, $1.t) }
        offsets = [Int](repeating: 0, count: keys.count + 1)
        for r in raw { offsets[Int(r.s) + 1] += 1 }
        for v in 0..<keys.count { offsets[v + 1] += offsets[v] }
        targets = raw.map(\.t)
        amounts = raw.map(\.amount)
        times = raw.map(\.time)
    }

    /// First flow index of `v` at or after `time`.
    func lowerBound(_ v: Int, _ time: Int) -> Int {
        var lo = offsets[v], hi = offsets[v + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < time { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// All round trips of at most `maxHops` flows within `window`, each hop carrying at least
    /// `minAmount`; at most `limit` are returned (in order of start firm, first flow, then depth-
    /// first). Iterative search with an explicit stack.
    ///
    /// - Complexity: O(F × b^(K−1) × log F) in the worst case for branching b within the window
    ///   and K = `maxHops`; output-sensitive in practice.
    public func find(maxHops: Int, window: Int, minAmount: Int64 = 0, limit: Int = 1_000_000) -> [RoundTrip] {
        var result: [RoundTrip] = []
        guard maxHops >= 2 else { return result }
        var onPath = [Bool](repeating: false, count: keys.count)
        var path: [Int] = []  // flow indices
        var cursors: [Int] = []
        for start in 0..<keys.count {
            onPath[start] = true
            for first in offsets[start]..<offsets[start + 1] where amounts[first] >= minAmount {
                let deadline = times[first] + window
                path = [first]
                let b = Int(targets[first])
                onPath[b] = true
                cursors = [lowerBound(b, times[first])]
                while let last = path.last {
                    let v = Int(targets[last])
                    let top = cursors.count - 1
                    var pushed = false
                    while cursors[top] < offsets[v + 1] {
                        let f = cursors[top]
                        cursors[top] += 1
                        guard times[f] <= deadline else {
                            cursors[top] = offsets[v + 1]
                            break
                        }
                        guard amounts[f] >= minAmount else { continue }
                        let w = Int(targets[f])
                        if w == start {
                            let trip = path + [f]
                            result.append(
                                RoundTrip(
                                    firms: [keys.key(Int32(start))] + path.map { keys.key(targets[$0]) },
                                    times: trip.map { times[$0] }, amount: trip.map { amounts[$0] }.min()!))
                            if result.count >= limit { return result }
                            continue
                        }
                        guard !onPath[w], path.count + 1 < maxHops else { continue }
                        path.append(f)
                        cursors.append(lowerBound(w, times[f]))
                        onPath[w] = true
                        pushed = true
                        break
                    }
                    if pushed { continue }
                    onPath[v] = false
                    path.removeLast()
                    cursors.removeLast()
                }
            }
            onPath[start] = false
        }
        return result
    }
}
