import Yams

/// Decoding of the YAML form (docs/products-format.md). Every mapping rejects fields the format
/// does not define, so a typo (`max_top_customer_shar:`) is an error rather than a rule that
/// silently never applies.
extension ProductCatalog {
    /// Parses and validates a catalog from its files, given as (file name, YAML text) pairs; the
    /// products come out in file-name order.
    ///
    /// - Throws: `ProductCatalogError` naming the file, the product and the field at fault.
    /// - Complexity: O(total text size + n log n) for n files.
    public static func load(files: [(name: String, yaml: String)]) throws(ProductCatalogError) -> ProductCatalog {
        let sorted = files.sorted { $0.name < $1.name }
        guard !sorted.isEmpty else { throw ProductCatalogError(.empty, "the catalog has no product file") }
        var products: [Product] = []
        var seen: [String: String] = [:]
        for file in sorted {
            var product = try Product.load(yaml: file.yaml, file: file.name)
            product.file = file.name
            if let other = seen[product.id] {
                throw ProductCatalogError(
                    .duplicate, "\(file.name): product '\(product.id)': id already used in \(other)")
            }
            seen[product.id] = file.name
            products.append(product)
        }
        return ProductCatalog(products: products, sha256: digest(sorted))
    }

    /// SHA-256 over `name NUL text NUL` per file, in name order.
    static func digest(_ files: [(name: String, yaml: String)]) -> String {
        var bytes: [UInt8] = []
        for file in files {
            bytes.append(contentsOf: file.name.utf8)
            bytes.append(0)
            bytes.append(contentsOf: file.yaml.utf8)
            bytes.append(0)
        }
        return DatasetDigest.sha256Hex(bytes)
    }
}

extension Product {
    /// Parses and validates one product file.
    public static func load(yaml: String, file: String) throws(ProductCatalogError) -> Product {
        let product: Product
        do {
            product = try YAMLDecoder().decode(Product.self, from: yaml)
        } catch let error as ProductCatalogError {
            throw error.prefixed(file)
        } catch let error as ScorecardError {
            // `rejectUnknownFields` (shared with the scorecard decoder) reports in its own type.
            throw ProductCatalogError(.unknownField, "\(file): \(error.message)")
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, let ours = context.underlyingError as? ProductCatalogError {
                throw ours.prefixed(file)
            }
            throw ProductCatalogError(.syntax, "\(file): \(describeDecodingError(error))")
        } catch {
            throw ProductCatalogError(.syntax, "\(file): \(error)")
        }
        do throws(ProductCatalogError) {
            try product.validate()
        } catch {
            throw error.prefixed(file)
        }
        return product
    }
}

extension Product: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, id, name, lender, kind, description, rules, limit, pricing
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        let context = "product '\(id)'"
        do {
            try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "field")
            let format = try c.decode(String.self, forKey: .format)
            guard format == ProductCatalog.formatTag else {
                throw ProductCatalogError(
                    .invalidValue, "field format: '\(format)' is not supported (expected '\(ProductCatalog.formatTag)')"
                )
            }
            self.id = id
            name = try c.decode(String.self, forKey: .name)
            lender = try c.decodeIfPresent(String.self, forKey: .lender) ?? ""
            kind = try c.decode(String.self, forKey: .kind)
            description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
            file = ""
            rules = try c.decodeIfPresent(ProductRules.self, forKey: .rules) ?? ProductRules()
            limit = try c.decode(LimitFormula.self, forKey: .limit)
            pricing = try c.decode(Pricing.self, forKey: .pricing)
        } catch let error as ProductCatalogError {
            throw ProductCatalogError(error.code, "\(context), \(error.message)")
        } catch let error as ScorecardError {
            throw ProductCatalogError(.unknownField, "\(context), \(error.message)")
        } catch {
            throw ProductCatalogError(.syntax, "\(context), field \(describeDecodingError(error))")
        }
    }
}

extension ProductRules: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case minScore = "min_score", grades, industries, regions
        case minFirmAgeYears = "min_firm_age_years", minMonthsActive = "min_months_active"
        case minMonthlyInflowYuan = "min_monthly_inflow_yuan", maxTopCustomerShare = "max_top_customer_share"
        case maxRoundTripRatio = "max_round_trip_ratio", minNetFlowRatio = "min_net_flow_ratio"
        case coreLink = "core_link", excludeCore = "exclude_core"
        case maxDebtRankStress = "max_debtrank_stress", maxContagionExposure = "max_contagion_exposure"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "field rules")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            minScore: try c.decodeIfPresent(Int.self, forKey: .minScore),
            grades: try c.decodeIfPresent([String].self, forKey: .grades),
            industries: try c.decodeIfPresent([String].self, forKey: .industries),
            regions: try c.decodeIfPresent([String].self, forKey: .regions),
            minFirmAgeYears: try c.decodeIfPresent(Double.self, forKey: .minFirmAgeYears),
            minMonthsActive: try c.decodeIfPresent(Int.self, forKey: .minMonthsActive),
            minMonthlyInflowYuan: try c.decodeIfPresent(Double.self, forKey: .minMonthlyInflowYuan),
            maxTopCustomerShare: try c.decodeIfPresent(Double.self, forKey: .maxTopCustomerShare),
            maxRoundTripRatio: try c.decodeIfPresent(Double.self, forKey: .maxRoundTripRatio),
            minNetFlowRatio: try c.decodeIfPresent(Double.self, forKey: .minNetFlowRatio),
            coreLink: try c.decodeIfPresent(CoreLink.self, forKey: .coreLink),
            excludeCore: try c.decodeIfPresent(Bool.self, forKey: .excludeCore) ?? false,
            maxDebtRankStress: try c.decodeIfPresent(Double.self, forKey: .maxDebtRankStress),
            maxContagionExposure: try c.decodeIfPresent(Double.self, forKey: .maxContagionExposure))
    }
}

extension ProductRules.CoreLink: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxTier = "max_tier", minCoreInflowShare = "min_core_inflow_share"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "field rules.core_link")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            maxTier: try c.decodeIfPresent(Int.self, forKey: .maxTier) ?? 1,
            minCoreInflowShare: try c.decodeIfPresent(Double.self, forKey: .minCoreInflowShare) ?? 0)
    }
}

extension LimitFormula: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case basis, share
        case minYuan = "min_yuan", maxYuan = "max_yuan", stepYuan = "step_yuan"
        case gradeFactors = "grade_factors"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "field limit")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let basisText = try c.decodeIfPresent(String.self, forKey: .basis) ?? Basis.inflow12m.rawValue
        guard let basis = Basis(rawValue: basisText) else {
            throw ProductCatalogError(
                .invalidValue,
                "field limit.basis: '\(basisText)' is not one of \(Basis.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        func yuan(_ key: CodingKeys, default value: Int64? = nil) throws -> Money {
            let amount: Int64 =
                try value.map { try c.decodeIfPresent(Int64.self, forKey: key) ?? $0 }
                ?? c.decode(Int64.self, forKey: key)
            guard amount >= 0, amount <= Int64.max / 100 else {
                throw ProductCatalogError(
                    .invalidValue, "field limit.\(key.rawValue): \(amount) is not a yuan amount ≥ 0")
            }
            return Money(fen: amount * 100)
        }
        var factors = LimitFormula.defaultGradeFactors
        for (grade, factor) in try c.decodeIfPresent([String: Double].self, forKey: .gradeFactors) ?? [:] {
            guard ProductCatalog.grades.contains(grade) else {
                throw ProductCatalogError(
                    .invalidValue, "field limit.grade_factors: '\(grade)' is not a grade (AAA … C)")
            }
            factors[grade] = factor
        }
        self.init(
            basis: basis, share: try c.decode(Double.self, forKey: .share), min: try yuan(.minYuan),
            max: try yuan(.maxYuan),
            step: try yuan(.stepYuan, default: 10_000), gradeFactors: factors)
    }
}

extension Pricing: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case baseRateBP = "base_rate_bp", spreadBP = "spread_bp"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "field pricing")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            baseBP: try c.decode(Int.self, forKey: .baseRateBP),
            spreadBP: try c.decode([String: Int].self, forKey: .spreadBP))
    }
}
