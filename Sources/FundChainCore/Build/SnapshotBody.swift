/// The canonical JSON body of one firm's snapshot: what the firm looked like, how it scored and
/// why, with what model and from which data. Documented in docs/snapshots.md.
public enum SnapshotBody {
    public static let format = "fundchain-snapshot/1"

    /// - Parameters:
    ///   - firm: index into `table.firms`.
    ///   - products: the firm's product matches (`products(_:catalogID:)`), or `null` when no
    ///     catalog was loaded.
    public static func make(
        table: ProfileTable, firm: Int, score: ScoreResult, card: Scorecard, modelSHA256: String, fingerprint: String,
        products: JSONValue = .null
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
        return .object([
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
        ])
    }

    /// The `products` value: `ProductMatchResult.json` with the catalog version it was matched to.
    public static func products(_ result: ProductMatchResult, catalogID: Int64) -> JSONValue {
        guard case .object(var object) = result.json else { return result.json }
        object["catalog_id"] = .int(catalogID)
        return .object(object)
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
        for (name, value) in features {
            switch value {
            case .int(let i): vector[name] = .number(Double(i))
            case .double(let x): vector[name] = .number(x)
            case .string(let text): vector[name] = .category(text)
            default: vector[name] = .missing
            }
        }
        return vector
    }
}
