/// The canonical JSON body of one firm's snapshot: what the firm looked like, how it scored and
/// why, with what model and from which data. Documented in docs/snapshots.md.
public enum SnapshotBody {
    public static let format = "fundchain-snapshot/1"

    /// - Parameters:
    ///   - firm: index into `table.firms`.
    ///   - products: the firm's product matches (`products(_:catalogID:)`), or `null` when no
    ///     catalog was loaded.
    ///   - challengers: the firm's scores by the build's challengers, in the batch's order; the
    ///     key `challengers` is written only when there are some, so a build without challengers
    ///     writes the bodies it always wrote.
    public static func make(
        table: ProfileTable, firm: Int, score: ScoreResult, card: Scorecard, modelSHA256: String, fingerprint: String,
        products: JSONValue = .null, challengers: [ChallengerScore] = []
    ) -> JSONValue {
        let f = table.firms[firm]
        var features: [String: JSONValue] = [:]
        for (k, definition) in ProfileCatalog.definitions.enumerated() {
            features[definition.name] = json(table.value(firm: firm, column: k))
        }
        var points: [String: JSONValue] = [:]
        for s in score.features { points[s.feature] = .int(Int64(s.points)) }
        let reasons: [JSONValue] = score.reasons.map { reason in
            .object([
                "code": .string(reason.code), "text": .string(reason.text), "feature": .string(reason.feature),
                "value": json(reason.value), "points_lost": .int(Int64(reason.pointsLost)),
                "peer_percentile": reason.peerPercentile.map { .number($0) } ?? .null,
                "evidence": .array(
                    reason.evidence.map { e in
                        .object(["kind": .string(e.kind), "text": .string(e.text), "value": e.value.map { .number($0) } ?? .null])
                    }),
            ])
        }
        let window = table.window
        func month(_ index: Int) -> JSONValue { .string(String(CalendarDate(monthIndex: index).description.prefix(7))) }
        var body: [String: JSONValue] = [
            "format": .string(format),
            "firm": .object([
                "uscc": .string(f.uscc.code), "name": .string(f.name), "industry": .string(f.industry.code),
                "region": .string(f.region.code), "founded_on": .string(f.foundedOn.description), "is_core": .bool(f.isCore),
            ]),
            "as_of": .string(window.lastDay.description),
            "window": .object(["first_month": month(window.firstMonth), "last_month": month(window.lastMonth), "months": .int(Int64(window.months))]),
            "features": .object(features),
            "score": .object(["points": .int(Int64(score.points)), "pd": .number(score.pd), "grade": .string(score.grade)]),
            "feature_points": .object(points),
            "reasons": .array(reasons),
            "model": .object(["id": .string(card.id), "version": .string(card.version), "sha256": .string(modelSHA256)]),
            "input_fingerprint": .string(fingerprint),
            "products": products,
        ]
        if !challengers.isEmpty { body["challengers"] = .array(challengers.map(\.json)) }
        return .object(body)
    }

    /// The `products` value: what the matcher decided, compactly (about 0.5 KB, where the full
    /// `ProductMatchResult.json` with every failure's threshold and sentence is about 6 KB and
    /// would more than double a 100,000-firm batch). Everything left out is in the snapshot's
    /// own `features` and in catalog version `catalogID` (table `products`): matching the one
    /// against the other gives the full result again, sentences included.
    ///
    /// `{"catalog_id", "catalog_sha256", "eligible": [{"product", "name", "fit", "limit_yuan",
    /// "annual_rate_bp"}] (ranked), "ineligible": [{"product", "failed": [rule, …]}]}`.
    public static func products(_ result: ProductMatchResult, catalogID: Int64) -> JSONValue {
        .object([
            "catalog_id": .int(catalogID),
            "catalog_sha256": .string(result.catalogSHA256),
            "eligible": .array(
                result.eligible.map { m in
                    .object([
                        "product": .string(m.productID), "name": .string(m.name), "fit": .int(Int64(m.fit)),
                        "limit_yuan": m.limit.map { .int($0.fen / 100) } ?? .null,
                        "annual_rate_bp": m.rateBP.map { .int(Int64($0)) } ?? .null,
                    ])
                }),
            "ineligible": .array(
                result.ineligible.map { m in
                    .object(["product": .string(m.productID), "failed": .array(m.failures.map { .string($0.rule) })])
                }),
        ])
    }

    static func json(_ value: FeatureValue) -> JSONValue {
        switch value {
        case .number(let x): .number(x)
        case .category(let text): .string(text)
        case .missing: .null
        }
    }

    /// The features a stored body holds, for re-scoring: numbers, categories, and `null` as missing.
    public static func features(of body: JSONValue) -> FeatureVector? {
        guard case .object(let root) = body, case .object(let features)? = root["features"] else { return nil }
        var vector = FeatureVector()
        for (name, value) in features { vector[name] = featureValue(value) }
        return vector
    }

    /// A stored feature value as the scorecard reads it: a number, a category, or missing
    /// (`null`, absent, anything else).
    public static func featureValue(_ value: JSONValue?) -> FeatureValue {
        switch value {
        case .int(let i)?: .number(Double(i))
        case .double(let x)?: .number(x)
        case .string(let text)?: .category(text)
        default: .missing
        }
    }
}
