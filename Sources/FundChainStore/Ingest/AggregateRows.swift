import FundChainCore
import Synchronization

/// A batch's flow totals (`FlowAccumulator`) as column arrays in key order, ready to bind. Built
/// on the client side of the pipeline, while the previous batch merges.
///
/// Rows are in primary-key order (month first), so concurrent ingests lock aggregate rows in the
/// same order and each month's inserts walk its part of the index in order. Each row is marked
/// new when the run has certainly not written its key before (`WrittenKeys`): those can go in
/// with a plain INSERT (`AggregateWriter`).
struct AggregateRows: Sendable {
    struct Edges: Sendable {
        var months: [String] = []
        var payers: [String] = []
        var payees: [String] = []
        var amounts: [Int64] = []
        var counts: [Int32] = []
        var isEmpty: Bool { payers.isEmpty }
    }

    struct FirmMonths: Sendable {
        var months: [String] = []
        var firms: [String] = []
        var totals: [FlowAggregate.FirmMonthTotals] = []
        var isEmpty: Bool { firms.isEmpty }
    }

    var edges = Edges()
    var firmMonths = FirmMonths()
    /// Per row of `edges` and `firmMonths`: whether the run has not written its key before.
    var newEdge: [Bool] = []
    var newFirmMonth: [Bool] = []

    /// Every row known (to be upserted) when `written` is nil; otherwise each key is looked up in
    /// it, and recorded.
    ///
    /// - Complexity: O(k log k) for k edges and firm-months.
    init(_ aggregate: FlowAccumulator<FirmIndex.ID>, firms index: FirmIndex, written: inout WrittenKeys?) {
        // By code, as the keys sort (`FirmIndex.rank`).
        let edges = aggregate.edges.sorted { a, b in
            (a.key.month, index.rank(a.key.payer), index.rank(a.key.payee))
                < (b.key.month, index.rank(b.key.payer), index.rank(b.key.payee))
        }
        self.edges = Edges(
            months: edges.map { CalendarDate(monthIndex: $0.key.month).description },
            payers: edges.map { index.code($0.key.payer) }, payees: edges.map { index.code($0.key.payee) },
            amounts: edges.map(\.value.amount), counts: edges.map(\.value.count))
        let rows = aggregate.firmMonths.sorted { a, b in
            (a.key.month, index.rank(a.key.firm)) < (b.key.month, index.rank(b.key.firm))
        }
        firmMonths = FirmMonths(
            months: rows.map { CalendarDate(monthIndex: $0.key.month).description },
            firms: rows.map { index.code($0.key.firm) }, totals: rows.map(\.value))
        guard written != nil else {
            newEdge = Array(repeating: false, count: edges.count)
            newFirmMonth = Array(repeating: false, count: rows.count)
            return
        }
        newEdge = edges.map { !written!.insert(edge: $0.key) }
        newFirmMonth = rows.map { !written!.insert(firmMonth: $0.key) }
    }

    init(_ aggregate: FlowAccumulator<FirmIndex.ID>, firms index: FirmIndex) {
        var none: WrittenKeys?
        self.init(aggregate, firms: index, written: &none)
    }

    var hasNew: Bool { newEdge.contains(true) || newFirmMonth.contains(true) }

    /// The edges marked new (`true`) or known (`false`), in key order.
    func edges(new: Bool) -> Edges {
        let keep = newEdge.indices.filter { newEdge[$0] == new }
        return Edges(
            months: keep.map { edges.months[$0] }, payers: keep.map { edges.payers[$0] },
            payees: keep.map { edges.payees[$0] }, amounts: keep.map { edges.amounts[$0] },
            counts: keep.map { edges.counts[$0] })
    }

    /// The firm-months marked new (`true`) or known (`false`), in key order.
    func firmMonths(new: Bool) -> FirmMonths {
        let keep = newFirmMonth.indices.filter { newFirmMonth[$0] == new }
        return FirmMonths(
            months: keep.map { firmMonths.months[$0] }, firms: keep.map { firmMonths.firms[$0] },
            totals: keep.map { firmMonths.totals[$0] })
    }
}

/// The `flow_edges` and `firm_month` keys an ingest run has written, as a Bloom filter: a key it
/// has never recorded is certainly not among them; a key it has recorded (or, rarely, one that
/// only shares its bits) may be. A row new to the run goes in with a plain INSERT, which costs
/// PostgreSQL about half an upsert that finds nothing (no speculative insertion: 0.33 s against
/// 0.64 s for a region's 220k edges); any other is upserted, which is always right. Bounded
/// memory whatever the run's size: one bit per 8 bytes of file (a statement row is ~100 bytes
/// and adds at most one edge and one firm-month), at least 8 KiB and at most 64 MiB; at 37M keys
/// in 64 MiB (a year of a 1M-firm city) about 1 key in 150 is upserted for nothing.
///
/// Hand-written: three probes and a bit array, where a set of the keys themselves would take
/// ~16 bytes a key (600 MB for that city year).
struct WrittenKeys: Sendable {
    private var words: [UInt64]
    private let mask: UInt64

    init(fileBytes: Int64) {
        let wanted = max(1 << 16, min(1 << 29, Int(clamping: fileBytes / 8)))
        let bits = 1 << (Int.bitWidth - (wanted - 1).leadingZeroBitCount)
        words = Array(repeating: 0, count: bits / 64)
        mask = UInt64(bits - 1)
    }

    /// Records an edge key; returns whether it may have been recorded before.
    mutating func insert(edge key: FlowAccumulator<FirmIndex.ID>.EdgeKey) -> Bool {
        insert(
            hash: Self.mix(
                Self.mix(Self.mix(1 &+ UInt64(truncatingIfNeeded: key.month)) ^ UInt64(UInt32(bitPattern: key.payer)))
                    ^ UInt64(UInt32(bitPattern: key.payee))))
    }

    /// Records a firm-month key; returns whether it may have been recorded before.
    mutating func insert(firmMonth key: FlowAccumulator<FirmIndex.ID>.FirmMonthKey) -> Bool {
        insert(
            hash: Self.mix(Self.mix(2 &+ UInt64(truncatingIfNeeded: key.month)) ^ UInt64(UInt32(bitPattern: key.firm))))
    }

    /// Three probes from one hash (Kirsch and Mitzenmacher: h1 + i·h2).
    private mutating func insert(hash: UInt64) -> Bool {
        let step = Self.mix(hash) | 1
        var seen = true
        for i in 0..<UInt64(3) {
            let bit = (hash &+ i &* step) & mask
            let (word, flag) = (Int(bit >> 6), UInt64(1) << (bit & 63))
            if words[word] & flag == 0 {
                seen = false
                words[word] |= flag
            }
        }
        return seen
    }

    /// SplitMix64's finaliser: every input bit moves about half of the output bits.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Whether a run still inserts the aggregate rows new to it plainly: it stops for good once a
/// plain insert meets a row that exists (written by an earlier run, or by another ingest at the
/// same time), or once PostgreSQL picked one of its batches as a deadlock victim.
final class PlainInserts: Sendable {
    private let on = Atomic<Bool>(true)

    var isOn: Bool { on.load(ordering: .relaxed) }

    func stop() { on.store(false, ordering: .relaxed) }
}
