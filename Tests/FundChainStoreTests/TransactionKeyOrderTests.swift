import FundChainCore
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
}
