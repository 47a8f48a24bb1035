import Testing

@testable import FundChainCore

@Suite struct PercentilesTests {
    @Test func midRankGivesTiesTheirMiddle() {
        let p = Percentiles.midRank([10, 20, 20, 30, .nan])
        // 10: (0 + ½)/4; 20s: (1 + 2/2)/4; 30: (3 + ½)/4.
        #expect(p[0] == 12.5 && p[1] == 50 && p[2] == 50 && p[3] == 87.5 && p[4].isNaN)
    }

    @Test func groupsBelowTheMinimumGetNothing() {
        let values: [Double] = [1, 2, 3, 4, 5, 6, 7]
        let groups: [Int32] = [0, 0, 0, 0, 0, 1, 1]
        let p = Percentiles.midRank(values, groups: groups, minimumGroup: 5)
        #expect(p[0] == 10 && p[4] == 90)
        #expect(p[5].isNaN && p[6].isNaN)
    }
}
