import Testing

@testable import FundChainCore

/// Disjoint sets and the groups of cycles that share a node (the risk report's circular-flow groups).
@Suite struct CycleGroupTests {
    @Test func disjointSetsJoinAndFind() {
        var sets = DisjointSets(count: 6)
        let joined = [sets.union(0, 1), sets.union(2, 3), sets.union(1, 3), sets.union(0, 2)]
        #expect(joined == [true, true, true, false])  // the last two were already one set
        let roots = (0..<6).map { sets.find(Int32($0)) }
        #expect(Set(roots[0...3]).count == 1 && roots[4] != roots[0] && roots[5] == 5)
    }

    @Test func cyclesSharingANodeMakeOneGroup() {
        // 0→1→0 and 1→2→3→1 share node 1; 5→6→7→5 stands alone; 4 is on no cycle.
        let cycles: [[Int32]] = [[5, 6, 7], [1, 2, 3], [0, 1]]
        let groups = CycleGroup.groups(cycles, nodeCount: 8)
        #expect(
            groups == [
                CycleGroup(members: [0, 1, 2, 3], cycles: [1, 2], shortest: 2, longest: 3),
                CycleGroup(members: [5, 6, 7], cycles: [0], shortest: 3, longest: 3),
            ])
        #expect(CycleGroup.groups([], nodeCount: 3).isEmpty)
    }
}
