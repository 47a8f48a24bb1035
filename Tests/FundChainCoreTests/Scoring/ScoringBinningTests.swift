import Foundation
import Testing

@testable import FundChainCore

@Suite struct ScoringBinningTests {
    /// Values 1…4, 25 rows each, with 2, 5, 4, 10 bads: the WOE dips at 3.
    static func dipData() -> ([Double?], [Bool]) {
        var values: [Double?] = [], bad: [Bool] = []
        for (value, bads) in [(1.0, 2), (2.0, 5), (3.0, 4), (4.0, 10)] {
            for i in 0..<25 {
                values.append(value)
                bad.append(i < bads)
            }
        }
        return (values, bad)
    }

    @Test func monotonicMergeByHand() {
        let (values, bad) = Self.dipData()
        var options = FitOptions()
        options.minBinShare = 0.2
        let binning = FeatureBinning.fit(name: "x", column: .numeric(values), isBad: bad, options: options)
        // Ascending bad rates need 2 and 3 merged: 2/25, 9/50, 10/25. (Descending would collapse to one bin.)
        #expect(binning.cuts == [2, 4])
        #expect(
            binning.counts == [
                BinCounts(goods: 23, bads: 2), BinCounts(goods: 41, bads: 9), BinCounts(goods: 15, bads: 10),
            ])
        #expect(binning.isMonotonic)
        #expect(binning.bin(number: 1.5) == 0 && binning.bin(number: 2) == 1 && binning.bin(number: 3.99) == 1)
        #expect(binning.bin(number: 4) == 2 && binning.bin(number: nil) == 3)
    }

    @Test func rareCategoriesJoinTheirWOENeighbour() {
        // A 1/10 bad, D 3/10, B 5/10, C 2/2: C (2 rows) is under 10 % of 32 rows and joins B.
        var values: [String?] = [], bad: [Bool] = []
        for (category, rows, bads) in [("A", 10, 1), ("B", 10, 5), ("C", 2, 2), ("D", 10, 3)] {
            for i in 0..<rows {
                values.append(category)
                bad.append(i < bads)
            }
        }
        values.append(nil)
        bad.append(false)
        var options = FitOptions()
        options.minBinShare = 0.1
        let binning = FeatureBinning.fit(name: "c", column: .categorical(values), isBad: bad, options: options)
        #expect(binning.groups == [["A"], ["D"], ["B", "C"]])
        #expect(binning.otherGroup == 2)  // the worst group takes unseen categories
        #expect(binning.missing == BinCounts(goods: 1, bads: 0))
        #expect(binning.bin(category: "Z", lookup: binning.categoryLookup) == 2)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func fittedBinsRespectTheConstraints(seed: UInt64) {
        // Bad probability rises and falls with x (not monotonic): the fit must still be.
        var generator = SeededGenerator(seed: seed)
        var values: [Double?] = [], bad: [Bool] = []
        for _ in 0..<2000 {
            let x = (generator.nextUnit() * 100).rounded()
            let p = 0.1 + 0.3 * abs(sin(x / 20))
            values.append(generator.nextUnit() < 0.05 ? nil : x)
            bad.append(generator.nextUnit() < p)
        }
        var options = FitOptions()
        options.maxBins = 6
        let binning = FeatureBinning.fit(name: "x", column: .numeric(values), isBad: bad, options: options)
        let nonMissing = binning.counts.reduce(0) { $0 + $1.count }
        #expect(nonMissing + binning.missing.count == 2000)
        #expect(binning.isMonotonic)
        #expect(binning.counts.count <= 6)
        #expect(binning.counts.allSatisfy { $0.count >= 100 })  // 5 % of 2000
        #expect(zip(binning.cuts, binning.cuts.dropFirst()).allSatisfy { $0 < $1 })
    }
}
