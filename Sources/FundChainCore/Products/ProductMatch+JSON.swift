/// Matches as JSON, for snapshot bodies and `fundchain products match --format json`.
extension ProductMatch {
    /// `{"product", "name", "lender", "kind", "eligible", "fit", "limit_yuan", "annual_rate_bp",
    /// "failures": [{"rule", "feature", "value", "threshold", "text"}]}`; a limit or rate that
    /// could not be computed is `null`. Limits are whole yuan (a multiple of the product's step).
    public var json: JSONValue {
        .object([
            "product": .string(productID), "name": .string(name), "lender": .string(lender), "kind": .string(kind),
            "eligible": .bool(eligible), "fit": .int(Int64(fit)),
            "limit_yuan": limit.map { .int($0.fen / 100) } ?? .null,
            "annual_rate_bp": rateBP.map { .int(Int64($0)) } ?? .null,
            "failures": .array(failures.map(\.json)),
        ])
    }
}

extension RuleFailure {
    public var json: JSONValue {
        .object([
            "rule": .string(rule), "feature": .string(feature), "value": SnapshotBody.json(value),
            "threshold": threshold, "text": .string(text),
        ])
    }
}

extension ProductMatchResult {
    /// `{"catalog_sha256", "eligible": [...], "ineligible": [...]}`.
    public var json: JSONValue {
        .object([
            "catalog_sha256": .string(catalogSHA256),
            "eligible": .array(eligible.map(\.json)),
            "ineligible": .array(ineligible.map(\.json)),
        ])
    }
}
