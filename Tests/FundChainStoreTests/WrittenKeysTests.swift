import FundChainCore
import FundChainTestSupport
import Testing

@testable import FundChainStore

/// The run's record of the aggregate keys it has written: never forgets one (a forgotten key
/// would be inserted plainly a second time and fail the batch's fast path), rarely claims one it
/// has not seen.
@Suite struct WrittenKeysTests {
    typealias Accumulator = FlowAccumulator<FirmIndex.ID>

    @Test func aRecordedKeyIsAlwaysSeenAndFewOthersAre() {
        var keys = WrittenKeys(fileBytes: 0)  // the smallest filter: 65,536 bits
        var random = SeededGenerator(seed: 5)
        let edges = (0..<4_000).map { _ in
            Accumulator.EdgeKey(
                month: 660 + Int(random.next() % 12), payer: Int32(random.next() % 5_000),
                payee: Int32(random.next() % 5_000))
        }
        let months = (0..<2_000).map { _ in
            Accumulator.FirmMonthKey(month: 660 + Int(random.next() % 12), firm: Int32(random.next() % 5_000))
        }
        let firstEdges = Set(edges).count
        var newEdges = 0
        for edge in edges where !keys.insert(edge: edge) { newEdges += 1 }
        for month in months { _ = keys.insert(firmMonth: month) }
        #expect(edges.allSatisfy { keys.insert(edge: $0) })
        #expect(months.allSatisfy { keys.insert(firmMonth: $0) })
        // Each distinct key was new when first met, bar the rare false positive.
        #expect(newEdges <= firstEdges && newEdges > firstEdges * 99 / 100)
        // Keys never recorded (other months), each tried on a copy so the filter stays as it is.
        var falsePositives = 0
        for i in 0..<2_000 {
            var probe = keys
            let edge = Accumulator.EdgeKey(month: 700 + i % 12, payer: Int32(i), payee: Int32(i + 1))
            if probe.insert(edge: edge) { falsePositives += 1 }
        }
        // ~6,000 keys in 65,536 bits with three probes: about 1.4 % expected (28 of 2,000).
        #expect(falsePositives < 80)
    }

    @Test func rowsAreNewOnlyTheFirstTimeTheRunWritesThem() throws {
        var directory = AccountDirectory()
        let firms = ["91500000000000001", "91500000000000002", "91500000000000003"].map {
            USCC.withCheckCharacter(body: $0)!
        }
        let codes = firms.map(\.code)
        for (i, firm) in firms.enumerated() { directory.add(bank: "ICBC", number: "\(i)", owner: firm) }
        let index = FirmIndex(directory)
        func batch(_ entries: [(month: Int, payer: Int32, payee: Int32?)]) throws -> Accumulator {
            var sums = Accumulator()
            for e in entries {
                try sums.add(
                    month: e.month, day: 3, direction: .debit, amount: 100, firm: e.payer, counterparty: e.payee)
            }
            return sums
        }
        var written: WrittenKeys? = WrittenKeys(fileBytes: 1 << 20)
        let first = AggregateRows(try batch([(660, 0, 1), (660, 1, nil)]), firms: index, written: &written)
        #expect(first.newEdge == [true] && first.newFirmMonth == [true, true])
        let second = AggregateRows(
            try batch([(660, 0, 1), (660, 0, 2), (661, 0, 1), (660, 2, nil)]), firms: index, written: &written)
        // Edges in key order: (660, A→B) known, (660, A→C) new, (661, A→B) new.
        #expect(second.edges.payees == [codes[1], codes[2], codes[1]])
        #expect(second.newEdge == [false, true, true])
        // Firm-months: (660, A) known, (660, C) new, (661, A) new.
        #expect(second.firmMonths.firms == [codes[0], codes[2], codes[0]])
        #expect(second.newFirmMonth == [false, true, true])
        #expect(second.edges(new: true).payees == [codes[2], codes[1]])
        #expect(second.firmMonths(new: false).firms == [codes[0]])
        // Without a record every row is known (upserted).
        #expect(!AggregateRows(try batch([(662, 1, 2)]), firms: index).hasNew)
    }
}
