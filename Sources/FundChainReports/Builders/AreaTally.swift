import FundChainCore

/// Running totals of a group of firms (a region, an industry): what the region and gap reports
/// print per row.
struct AreaTally {
    var firms = 0
    var active = 0
    var inflow: Int64 = 0
    var outflow: Int64 = 0
    var scores: [Int] = []
    var grades: [Int]
    /// Firms with at least one eligible product.
    var matched = 0
    var suggestedLimit: Int64 = 0
    var healthy = 0
    /// Healthy firms with an eligible product.
    var healthyMatched = 0
    var gap = 0
    /// Window inflow of the firms in the gap.
    var gapInflow: Int64 = 0
    /// Firms whose products are known (the build had a catalog).
    var withProducts = 0

    init(grades: Int) { self.grades = Array(repeating: 0, count: grades + 1) }

    mutating func add(_ batch: ReportBatch, firm f: Int) {
        let firm = batch.firms[f]
        firms += 1
        active += firm.active ? 1 : 0
        inflow += firm.inflow
        outflow += firm.outflow
        scores.append(firm.score)
        grades[min(batch.gradeRank(firm.grade), grades.count - 1)] += 1
        let healthy = CashFlowHealth.isHealthy(batch, firm: f)
        self.healthy += healthy ? 1 : 0
        if let products = firm.products {
            withProducts += 1
            if !products.eligible.isEmpty {
                matched += 1
                suggestedLimit += products.suggestedLimit
                healthyMatched += healthy ? 1 : 0
            } else if healthy {
                gap += 1
                gapInflow += firm.inflow
            }
        }
    }

    /// Nearest-rank percentile `p` (0–100) of the scores: the smallest score with at least p %
    /// of the scores at or below it.
    func scorePercentile(_ p: Int) -> ReportCell {
        ScoreDistribution.nearestRank(scores.sorted(), percent: p).map { .int($0) } ?? .empty
    }

    var meanScore: ReportCell {
        scores.isEmpty ? .empty : .number(Double(scores.reduce(0, +)) / Double(scores.count), 1)
    }

    /// Cells that only exist with product matches.
    func productCell(_ value: @autoclosure () -> ReportCell) -> ReportCell { withProducts > 0 ? value() : .empty }

    var gapShare: ReportCell { productCell(healthy == 0 ? .empty : .percent(Double(gap) / Double(healthy))) }
}
