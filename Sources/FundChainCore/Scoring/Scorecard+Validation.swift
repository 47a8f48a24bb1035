extension Scorecard {
    /// Checks that the card is usable: every value of every feature falls into exactly one bin,
    /// grade bands cover every possible score, the calibration is ordered.
    ///
    /// - Throws: `ScorecardError` naming the feature and bin (1-based) or the band at fault.
    public func validate() throws(ScorecardError) {
        guard !id.isEmpty else { throw ScorecardError(.invalidValue, "id is empty") }
        guard !version.isEmpty else { throw ScorecardError(.invalidValue, "version is empty") }
        guard scaling.pdo > 0, scaling.pdo.isFinite else {
            throw ScorecardError(.invalidValue, "scaling: pdo must be a positive number, not \(scaling.pdo)")
        }
        guard scaling.baseOdds > 0, scaling.baseOdds.isFinite else {
            throw ScorecardError(.invalidValue, "scaling: base_odds must be a positive number, not \(scaling.baseOdds)")
        }
        guard scaling.baseScore.isFinite else {
            throw ScorecardError(.invalidValue, "scaling: base_score is not finite")
        }
        guard !features.isEmpty else { throw ScorecardError(.invalidValue, "the card has no features") }
        var names: Set<String> = []
        for feature in features {
            guard names.insert(feature.name).inserted else {
                throw ScorecardError(.invalidValue, "feature '\(feature.name)' appears twice")
            }
            try feature.validate()
        }
        try validateGrades()
        try validateCalibration()
    }

    func validateGrades() throws(ScorecardError) {
        guard !grades.isEmpty else { throw ScorecardError(.grades, "grades: no grade bands") }
        let range = scoreRange
        var seen: Set<String> = []
        for (i, band) in grades.enumerated() {
            let name = "grade '\(band.grade)'"
            guard !band.grade.isEmpty, seen.insert(band.grade).inserted else {
                throw ScorecardError(.grades, "grades: band \(i + 1) has an empty or repeated grade name")
            }
            if let min = band.min, let max = band.max, min > max {
                throw ScorecardError(.grades, "\(name): min \(min) is above max \(max)")
            }
            if i == 0 {
                if let max = band.max, max < range.upperBound {
                    throw ScorecardError(
                        .grades, "\(name): the best band ends at \(max) but scores reach \(range.upperBound)")
                }
            } else {
                let better = grades[i - 1]
                guard let betterMin = better.min, let max = band.max else {
                    throw ScorecardError(
                        .grades, "\(name): bands must be listed best first, each with max = the better band's min − 1")
                }
                if max >= betterMin {
                    throw ScorecardError(.grades, "\(name) overlaps grade '\(better.grade)' (\(max) ≥ \(betterMin))")
                }
                if max < betterMin - 1 {
                    throw ScorecardError(
                        .grades,
                        "scores \(max + 1)...\(betterMin - 1) fall between grade '\(band.grade)' and '\(better.grade)'")
                }
            }
            if i == grades.count - 1, let min = band.min, min > range.lowerBound {
                throw ScorecardError(
                    .grades, "\(name): the worst band starts at \(min) but scores go down to \(range.lowerBound)")
            }
        }
    }

    func validateCalibration() throws(ScorecardError) {
        guard let table = calibration.table else { return }
        guard let first = table.first else { throw ScorecardError(.calibration, "calibration: the table is empty") }
        if first.minScore > scoreRange.lowerBound {
            throw ScorecardError(
                .calibration,
                "calibration: the table starts at \(first.minScore) but scores go down to \(scoreRange.lowerBound)")
        }
        for (i, row) in table.enumerated() {
            guard row.pd > 0, row.pd < 1 else {
                throw ScorecardError(.calibration, "calibration row \(i + 1): pd \(row.pd) is not in (0, 1)")
            }
            if i > 0 {
                guard row.minScore > table[i - 1].minScore else {
                    throw ScorecardError(.calibration, "calibration row \(i + 1): min_score must increase")
                }
                guard row.pd <= table[i - 1].pd else {
                    throw ScorecardError(.calibration, "calibration row \(i + 1): pd must not rise with the score")
                }
            }
        }
    }
}

extension ScorecardFeature {
    /// Checks the bins (see `Scorecard.validate()`).
    public func validate() throws(ScorecardError) {
        let context = "feature '\(name)'"
        guard !name.isEmpty else { throw ScorecardError(.invalidValue, "a feature has an empty name") }
        guard !reasonCode.isEmpty else { throw ScorecardError(.invalidValue, "\(context): reason_code is empty") }
        let missingBins = bins.indices.filter { bins[$0].missing }
        guard missingBins.count == 1 else {
            throw ScorecardError(
                .bins, "\(context): needs exactly one missing bin (`missing: true`), has \(missingBins.count)")
        }
        let missing = bins[missingBins[0]]
        if missing.min != nil || missing.max != nil || missing.categories != nil || missing.other {
            throw ScorecardError(
                .bins, "\(context), bin \(missingBins[0] + 1): the missing bin takes no range or categories")
        }
        switch kind {
        case .numeric: try validateRanges(context)
        case .categorical: try validateCategories(context)
        }
    }

    func validateRanges(_ context: String) throws(ScorecardError) {
        let ranges = bins.indices.filter { !bins[$0].missing }
        guard !ranges.isEmpty else { throw ScorecardError(.bins, "\(context): has no range bins") }
        var previousMax: Double? = nil
        for (k, i) in ranges.enumerated() {
            let bin = bins[i], where_ = "\(context), bin \(i + 1)"
            if bin.categories != nil || bin.other {
                throw ScorecardError(.bins, "\(where_): a numeric bin takes min/max, not categories")
            }
            if let lo = bin.min, !lo.isFinite { throw ScorecardError(.bins, "\(where_): min is not finite") }
            if let hi = bin.max, !hi.isFinite { throw ScorecardError(.bins, "\(where_): max is not finite") }
            if k == 0 {
                if let lo = bin.min {
                    throw ScorecardError(
                        .bins,
                        "\(where_): values below \(DecimalText.canonical(lo)) fall in no bin (omit min on the first range)"
                    )
                }
            } else {
                guard let lo = bin.min, let prev = previousMax else {
                    throw ScorecardError(
                        .bins, "\(where_): ranges overlap (only the first range may omit min; bins ascend)")
                }
                if lo < prev {
                    throw ScorecardError(
                        .bins,
                        "\(where_): [\(DecimalText.canonical(lo)), …) overlaps the previous range ending at \(DecimalText.canonical(prev))"
                    )
                }
                if lo > prev {
                    throw ScorecardError(
                        .bins,
                        "\(where_): values in [\(DecimalText.canonical(prev)), \(DecimalText.canonical(lo))) fall in no bin"
                    )
                }
            }
            if let lo = bin.min, let hi = bin.max, lo >= hi {
                throw ScorecardError(
                    .bins, "\(where_): min \(DecimalText.canonical(lo)) is not below max \(DecimalText.canonical(hi))")
            }
            if k == ranges.count - 1 {
                if let hi = bin.max {
                    throw ScorecardError(
                        .bins,
                        "\(where_): values from \(DecimalText.canonical(hi)) up fall in no bin (omit max on the last range)"
                    )
                }
            } else if bin.max == nil {
                throw ScorecardError(.bins, "\(where_): only the last range may omit max")
            }
            previousMax = bin.max
        }
    }

    func validateCategories(_ context: String) throws(ScorecardError) {
        var owner: [String: Int] = [:]
        var others = 0
        for i in bins.indices where !bins[i].missing {
            let bin = bins[i], where_ = "\(context), bin \(i + 1)"
            if bin.min != nil || bin.max != nil {
                throw ScorecardError(.bins, "\(where_): a categorical bin takes categories, not min/max")
            }
            if bin.other { others += 1 }
            let categories = bin.categories ?? []
            if categories.isEmpty, !bin.other {
                throw ScorecardError(.bins, "\(where_): lists no categories and is not the `other` bin")
            }
            for category in categories {
                if let first = owner[category] {
                    throw ScorecardError(.bins, "\(where_): category '\(category)' is already in bin \(first + 1)")
                }
                if DecimalText.trimmed(category) != category || category.isEmpty {
                    throw ScorecardError(.bins, "\(where_): category '\(category)' is empty or has surrounding spaces")
                }
                owner[category] = i
            }
        }
        guard others == 1 else {
            throw ScorecardError(
                .bins, "\(context): needs exactly one bin with `other: true` (for unlisted categories), has \(others)")
        }
    }
}
