/// Compares a build with the previous one, firm by firm (firms in both builds only).
public struct WarningDetector: Sendable {
    /// A score drop larger than this many points is a warning. Default 30 (one grade band).
    public var scoreDrop: Int
    /// `inflow_growth_3m` at or below this is a collapse. Default −0.5 (inflow halved).
    public var collapse: Double

    public init(scoreDrop: Int = 30, collapse: Double = -0.5) {
        self.scoreDrop = scoreDrop
        self.collapse = collapse
    }

    /// Warnings in firm (USCC) order, and per firm in `EarlyWarning.Kind` order.
    ///
    /// - Complexity: O(n + m) for the two builds' firms.
    public func detect(_ batch: ReportBatch, previous: ReportBatch) -> [EarlyWarning] {
        let old = previous.firmIndex
        var warnings: [EarlyWarning] = []
        for (f, firm) in batch.firms.enumerated() {
            guard let p = old[firm.uscc] else { continue }
            let was = previous.firms[p]
            let rank = batch.gradeRank(firm.grade)
            let oldRank = previous.gradeRank(was.grade)
            if rank > oldRank {
                warnings.append(
                    EarlyWarning(
                        uscc: firm.uscc, kind: .gradeFell, detail: "\(was.grade) → \(firm.grade)",
                        before: Double(oldRank),
                        after: Double(rank)))
            }
            if was.score - firm.score > scoreDrop {
                warnings.append(
                    EarlyWarning(
                        uscc: firm.uscc, kind: .scoreDrop,
                        detail: "−\(was.score - firm.score) points (\(was.score) → \(firm.score))",
                        before: Double(was.score), after: Double(firm.score)))
            }
            let growth = batch.feature("inflow_growth_3m", of: f)
            let oldGrowth = previous.feature("inflow_growth_3m", of: p)
            if let growth, growth <= collapse, !(oldGrowth.map { $0 <= collapse } ?? false) {
                warnings.append(
                    EarlyWarning(
                        uscc: firm.uscc, kind: .inflowCollapse,
                        detail:
                            "inflow of the last 3 months \(ReportCell.fixed(growth * 100, 0))% against the 3 before",
                        before: oldGrowth, after: growth))
            }
            let cycles = batch.feature("cycle_participation", of: f) ?? 0
            let oldCycles = previous.feature("cycle_participation", of: p) ?? 0
            if cycles > 0, oldCycles == 0 {
                warnings.append(
                    EarlyWarning(
                        uscc: firm.uscc, kind: .joinedCycle, detail: "in \(Int(cycles)) payment cycle(s), none before",
                        before: oldCycles, after: cycles))
            }
        }
        return warnings
    }
}
