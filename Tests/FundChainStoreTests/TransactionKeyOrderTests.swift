import FundChainCore
import FundChainTestSupport
import PostgresNIO
import Testing

@testable import FundChainStore

/// The comparison the batch's key order sorts by: byte order (unsigned, then shorter first).
@Suite struct TransactionKeyOrderTests {
    /// Keys with long shared prefixes, every length around the 8-byte words the comparison reads,
    /// and bytes above 0x7F (which a signed comparison would put first).
    static func keys(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededGenerator(seed: seed)
        func next() -> UInt64 { random.next() }
        let prefixes: [[UInt8]] = [Array("BOCOM\u{0}2024120000".utf8), Array("CQCB\u{0}".utf8), [], [0xE9, 0x87]]
        return (0..<count).map { _ in
            var key = prefixes[Int(next() % 4)]
            let tail = Int(next() % 20)
            for _ in 0..<tail { key.append([0x30, 0x31, 0x39, 0x00, 0x7F, 0x80, 0xFF][Int(next() % 7)]) }
            return key
        }
    }

    @Test func compareIsByteOrder() {
        let keys = Self.keys(count: 600, seed: 11)
        let flat = keys.flatMap { $0 }
        var ranges: [Range<Int>] = []
        var at = 0
        for key in keys {
            ranges.append(at..<(at + key.count))
            at += key.count
        }
        flat.withUnsafeBufferPointer { buffer in
            for i in keys.indices {
                for j in keys.indices {
                    let expected =
                        keys[i] == keys[j] ? 0 : (keys[i].lexicographicallyPrecedes(keys[j]) ? -1 : 1)
                    let got = TransactionMerger.compare(ranges[i], ranges[j], in: buffer).signum()
                    #expect(got == expected, "\(keys[i]) vs \(keys[j])")
                    if got != expected { return }
                }
            }
        }
    }

    /// The batch's order is the unique key's: references and bank codes that share prefixes, are
    /// prefixes of each other or hold multi-byte characters, sorted by their key bytes, come out
    /// as PostgreSQL orders (txn_ref, bank_code) in the managed cluster's C collation.
    @Test(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
    func keyBytesSortAsTheUniqueKey() async throws {
        var random = SeededGenerator(seed: 5)
        let banks = ["ICBC", "ICB", "CCB", "CQRCB", "BOCOM", "银行"]
        let refs = ["2025010100", "202501010", "2025010100A", "R-1", "R", "é1", "e1", "Z"]
        let pairs: [(bank: String, ref: String)] = (0..<300).map { _ in
            let ref = refs[Int(random.next() % UInt64(refs.count))] + String(random.next() % 3)
            return (banks[Int(random.next() % UInt64(banks.count))], ref)
        }
        var keys: [UInt8] = []
        var ranges: [Range<Int>] = []
        for pair in pairs {
            let start = keys.count
            TransactionMerger.appendKey(bank: pair.bank.utf8, ref: pair.ref.utf8, to: &keys)
            ranges.append(start..<keys.count)
        }
        let ours = keys.withUnsafeBufferPointer { k in
            pairs.indices.sorted { a, b in
                let c = TransactionMerger.compare(ranges[a], ranges[b], in: k)
                return c != 0 ? c < 0 : a < b
            }
        }.map { "\(pairs[$0].ref)|\(pairs[$0].bank)" }
        let (bankColumn, refColumn) = (pairs.map(\.bank), pairs.map(\.ref))
        try await withTestDatabase { db in
            let theirs = try await db.client.query(
                """
                SELECT r || '|' || b FROM unnest(\(bankColumn)::text[], \(refColumn)::text[],
                                                 \(Array(0..<bankColumn.count))::int8[]) AS t(b, r, i)
                ORDER BY r, b, i
                """
            ).collect().map { try $0.decode(String.self) }
            #expect(ours == theirs)
        }
    }
}
