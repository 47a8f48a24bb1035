/// Writing a body: the JSON whose canonical bytes (`JSONValue.canonicalBytes()`) are stored and
/// hashed. Member names and number forms are the format's (docs/snapshots.md); they must not
/// change, or stored hashes and Merkle roots would stop matching rebuilt bodies.
extension SnapshotBody {
    /// The body as JSON. Non-finite numbers (a PD, a feature value) are written `null`.
    /// - Complexity: O(body size).
    public var json: JSONValue {
        var body: [String: JSONValue] = [
            "format": .string(Self.format),
            "firm": firm.json,
            "as_of": .string(asOf.description),
            "window": window.json,
            "features": Self.json(features),
            "score": score.json,
            "feature_points": .object(featurePoints.mapValues { .int(Int64($0)) }),
            "reasons": .array(reasons.map(Self.json(reason:))),
            "model": model.json,
            "input_fingerprint": .string(inputFingerprint),
            "products": products?.json ?? .null,
        ]
        if !challengers.isEmpty { body["challengers"] = .array(challengers.map(\.json)) }
        return .object(body)
    }

    /// The body's canonical bytes: what the store hashes and keeps.
    public func canonicalBytes() -> [UInt8] { json.canonicalBytes() }

    /// A feature value as a body stores it: a number, a text, or `null` for missing (and for a
    /// non-finite number).
    public static func json(_ value: FeatureValue) -> JSONValue {
        switch value {
        case .number(let x): .number(x)
        case .category(let text): .string(text)
        case .missing: .null
        }
    }

    /// `features`: every name the vector holds, `.missing` as `null`.
    public static func json(_ features: FeatureVector) -> JSONValue {
        .object(features.values.mapValues { Self.json($0) })
    }

    /// One `reasons` entry: `code`, `text`, `feature`, `value`, `points_lost`, `peer_percentile`
    /// (or `null`) and `evidence` (`kind`, `text`, `value` or `null`).
    public static func json(reason: Reason) -> JSONValue {
        .object([
            "code": .string(reason.code), "text": .string(reason.text), "feature": .string(reason.feature),
            "value": Self.json(reason.value), "points_lost": .int(Int64(reason.pointsLost)),
            "peer_percentile": reason.peerPercentile.map { .number($0) } ?? .null,
            "evidence": .array(
                reason.evidence.map { e in
                    .object([
                        "kind": .string(e.kind), "text": .string(e.text), "value": e.value.map { .number($0) } ?? .null,
                    ])
                }),
        ])
    }

    /// `YYYY-MM` of a `CalendarDate.monthIndex`.
    static func monthText(_ index: Int) -> String { String(CalendarDate(monthIndex: index).description.prefix(7)) }
}

extension SnapshotBody.Firm {
    /// `{"founded_on", "industry", "is_core", "name", "region", "uscc"}`.
    public var json: JSONValue {
        .object([
            "uscc": .string(uscc), "name": .string(name), "industry": .string(industry), "region": .string(region),
            "founded_on": .string(foundedOn.description), "is_core": .bool(isCore),
        ])
    }
}

extension SnapshotBody.Window {
    /// `YYYY-MM…YYYY-MM`, the first and last month.
    public var span: String { "\(SnapshotBody.monthText(firstMonth))…\(SnapshotBody.monthText(lastMonth))" }

    /// `{"first_month": "YYYY-MM", "last_month": "YYYY-MM", "months"}`.
    public var json: JSONValue {
        .object([
            "first_month": .string(SnapshotBody.monthText(firstMonth)),
            "last_month": .string(SnapshotBody.monthText(lastMonth)), "months": .int(Int64(months)),
        ])
    }
}

extension SnapshotBody.Score {
    /// `{"grade", "pd", "points"}`.
    public var json: JSONValue { .object(["points": .int(Int64(points)), "pd": .number(pd), "grade": .string(grade)]) }
}

extension SnapshotBody.Model {
    /// `{"id", "sha256", "version"}`.
    public var json: JSONValue { .object(["id": .string(id), "version": .string(version), "sha256": .string(sha256)]) }
}

extension SnapshotBody.Products {
    /// `{"catalog_id", "catalog_sha256", "eligible": [{"annual_rate_bp", "fit", "limit_yuan",
    /// "name", "product"}], "ineligible": [{"failed": [rule, …], "product"}]}`.
    public var json: JSONValue {
        .object([
            "catalog_id": .int(catalogID),
            "catalog_sha256": .string(catalogSHA256),
            "eligible": .array(eligible.map(\.json)),
            "ineligible": .array(
                ineligible.map { m in
                    .object(["product": .string(m.product), "failed": .array(m.failed.map { .string($0) })])
                }),
        ])
    }
}

extension SnapshotBody.Products.Eligible {
    /// `{"annual_rate_bp", "fit", "limit_yuan", "name", "product"}`, the unknowns `null`.
    public var json: JSONValue {
        .object([
            "product": .string(product), "name": .string(name), "fit": .int(Int64(fit)),
            "limit_yuan": limitYuan.map { .int($0) } ?? .null,
            "annual_rate_bp": annualRateBP.map { .int(Int64($0)) } ?? .null,
        ])
    }
}
