import Foundation
import FundChainCore

extension Economy {
    /// Assigns the shell firms to the planned rings and chains, and draws amounts and timing.
    /// Every third circular ring includes one real firm (an affiliated company), and shell
    /// chains run from one real firm to another, so the patterns are disguised in real activity.
    mutating func buildRings(_ plan: RingPlan, _ rng0: SeededGenerator) {
        var rng = rng0
        var shells = (0..<firmCount).filter { role[$0] == .shell }
        let ordinary = (0..<firmCount).filter { role[$0] != .shell && !role[$0].isCore }
        func realFirm(_ rng: inout SeededGenerator) -> Int { ordinary[rng.below(ordinary.count)] }
        let months = config.months
        func firstMonth(_ rng: inout SeededGenerator) -> Int { rng.below(max(1, months - 2)) }
        var id = 0
        for (k, size) in plan.circularSizes.enumerated() {
            var members: [Int] = []
            let affiliated = k % 3 == 2
            for _ in 0..<(affiliated ? size - 1 : size) { members.append(shells.removeLast()) }
            if affiliated { members.insert(realFirm(&rng), at: rng.below(members.count + 1)) }
            // Amounts: 0.5–20 million yuan, never round.
            let yuan = rng.logNormal(mu: log(3e6), sigma: 0.9)
            let amount = Int64(min(2e7, max(5e5, yuan)) * 100) + Int64(rng.below(100_00))
            let lags = (0..<size).map { _ in rng.int(in: 0...2) }
            id += 1
            rings.append(
                PlantedRing(
                    id: id, kind: .circular, members: members, source: nil, sink: nil,
                    amountFen: amount, lags: lags, firstMonth: firstMonth(&rng)))
        }
        for size in plan.shellSizes {
            let members = (0..<size).map { _ in shells.removeLast() }
            let source = realFirm(&rng)
            var sink = realFirm(&rng)
            while sink == source { sink = realFirm(&rng) }
            let yuan = rng.logNormal(mu: log(1.5e6), sigma: 0.8)
            let amount = Int64(min(1e7, max(2e5, yuan)) * 100) + Int64(rng.below(100_00))
            let lags = (0...size).map { _ in rng.int(in: 0...2) }
            id += 1
            rings.append(
                PlantedRing(
                    id: id, kind: .shell, members: members, source: source, sink: sink,
                    amountFen: amount, lags: lags, firstMonth: firstMonth(&rng)))
        }
        precondition(shells.isEmpty, "ring plan and shell firm count disagree")
    }
}
