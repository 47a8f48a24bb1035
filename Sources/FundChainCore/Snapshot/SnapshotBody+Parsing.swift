/// Reading a stored body back (docs/snapshots.md). Every member of the format is required (but
/// `challengers`), each with its JSON type, and no other member is allowed, so that
/// `SnapshotBody(json: x).json == x` for every body that reads: a stored body's typed view
/// re-encodes to its exact canonical bytes.
extension SnapshotBody {
    /// Parses and reads a stored body.
    /// - Complexity: O(n) in the length of the text.
    public init(parsing bytes: some Collection<UInt8>) throws(SnapshotBodyError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw SnapshotBodyError(.notJSON, path: "", "is not JSON: \(error)")
        }
        try self.init(json: json)
    }

    /// Reads a parsed body; the error names the first member found missing, mistyped, invalid or
    /// unknown.
    /// - Complexity: O(body size).
    public init(json: JSONValue) throws(SnapshotBodyError) {
        var root = try JSONObjectReader(json)
        let format = try root.string("format")
        guard format == Self.format else {
            throw SnapshotBodyError(.invalid, path: "format", "is not \(Self.format)")
        }
        let firm = try root.object("firm")
        self.firm = try SnapshotBodyError.within("firm") { () throws(SnapshotBodyError) in try Firm(reading: firm) }
        asOf = try root.date("as_of")
        let window = try root.object("window")
        self.window = try SnapshotBodyError.within("window") { () throws(SnapshotBodyError) in
            try Window(reading: window)
        }
        features = try Self.features(root.object("features"))
        let score = try root.object("score")
        self.score = try SnapshotBodyError.within("score") { () throws(SnapshotBodyError) in try Score(reading: score) }
        featurePoints = try Self.featurePoints(root.object("feature_points"))
        reasons = try root.array("reasons") { (item) throws(SnapshotBodyError) in try Self.reason(item) }
        let model = try root.object("model")
        self.model = try SnapshotBodyError.within("model") { () throws(SnapshotBodyError) in try Model(reading: model) }
        inputFingerprint = try root.string("input_fingerprint")
        let products = try root.value("products")
        if case .null = products {
            self.products = nil
        } else {
            self.products = try SnapshotBodyError.within("products") { () throws(SnapshotBodyError) in
                try Products(reading: JSONObjectReader(products))
            }
        }
        if root.has("challengers") {
            challengers = try root.array("challengers") { (item) throws(SnapshotBodyError) in
                try ChallengerScore(reading: JSONObjectReader(item))
            }
            guard !challengers.isEmpty else {
                throw SnapshotBodyError(
                    .invalid, path: "challengers", "is an empty list (a body without challengers has none)")
            }
        } else {
            challengers = []
        }
        try root.finish()
    }

    /// `features`: each a number, a text or `null`.
    static func features(_ object: JSONObjectReader) throws(SnapshotBodyError) -> FeatureVector {
        var values: [String: FeatureValue] = [:]
        values.reserveCapacity(object.members.count)
        for (name, value) in object.members {
            switch value {
            case .int(let i): values[name] = .number(Double(i))
            case .double(let x): values[name] = .number(x)
            case .string(let text): values[name] = .category(text)
            case .null: values[name] = .missing
            default: throw SnapshotBodyError(.mistyped, path: "features.\(name)", "is not a number, a text or null")
            }
        }
        return FeatureVector(values)
    }

    /// `feature_points`: each an integer.
    static func featurePoints(_ object: JSONObjectReader) throws(SnapshotBodyError) -> [String: Int] {
        var points: [String: Int] = [:]
        points.reserveCapacity(object.members.count)
        for (name, value) in object.members {
            guard let p = value.intValue else {
                throw SnapshotBodyError(.mistyped, path: "feature_points.\(name)", "is not an integer")
            }
            points[name] = p
        }
        return points
    }

    static func reason(_ item: JSONValue) throws(SnapshotBodyError) -> Reason {
        var r = try JSONObjectReader(item)
        let value: FeatureValue
        switch try r.value("value") {
        case .int(let i): value = .number(Double(i))
        case .double(let x): value = .number(x)
        case .string(let text): value = .category(text)
        case .null: value = .missing
        default: throw SnapshotBodyError(.mistyped, path: "value", "is not a number, a text or null")
        }
        let reason = Reason(
            code: try r.string("code"), text: try r.string("text"), feature: try r.string("feature"), value: value,
            pointsLost: try r.int("points_lost"), peerPercentile: try r.optionalDouble("peer_percentile"),
            evidence: try r.array("evidence") { (item) throws(SnapshotBodyError) in
                var e = try JSONObjectReader(item)
                let evidence = ReasonEvidence(
                    kind: try e.string("kind"), text: try e.string("text"), value: try e.optionalDouble("value"))
                try e.finish()
                return evidence
            })
        try r.finish()
        return reason
    }
}

extension SnapshotBody.Firm {
    init(reading object: JSONObjectReader) throws(SnapshotBodyError) {
        var o = object
        self.init(
            uscc: try o.string("uscc"), name: try o.string("name"), industry: try o.string("industry"),
            region: try o.string("region"), foundedOn: try o.date("founded_on"), isCore: try o.bool("is_core"))
        try o.finish()
    }
}

extension SnapshotBody.Window {
    init(reading object: JSONObjectReader) throws(SnapshotBodyError) {
        var o = object
        self.init(
            firstMonth: try o.month("first_month"), lastMonth: try o.month("last_month"), months: try o.int("months"))
        try o.finish()
    }
}

extension SnapshotBody.Score {
    init(reading object: JSONObjectReader) throws(SnapshotBodyError) {
        var o = object
        self.init(points: try o.int("points"), pd: try o.double("pd"), grade: try o.string("grade"))
        try o.finish()
    }
}

extension SnapshotBody.Model {
    init(reading object: JSONObjectReader) throws(SnapshotBodyError) {
        var o = object
        self.init(id: try o.string("id"), version: try o.string("version"), sha256: try o.string("sha256"))
        try o.finish()
    }
}

extension SnapshotBody.Products {
    init(reading object: JSONObjectReader) throws(SnapshotBodyError) {
        var o = object
        self.init(
            catalogID: try o.int64("catalog_id"), catalogSHA256: try o.string("catalog_sha256"),
            eligible: try o.array("eligible") { (item) throws(SnapshotBodyError) in
                try Eligible(reading: JSONObjectReader(item))
            },
            ineligible: try o.array("ineligible") { (item) throws(SnapshotBodyError) in
                var m = try JSONObjectReader(item)
                let product = try m.string("product")
                let failed = try m.array("failed") { (rule) throws(SnapshotBodyError) in
                    guard case .string(let text) = rule else {
                        throw SnapshotBodyError(.mistyped, path: "", "is not a text")
                    }
                    return text
                }
                try m.finish()
                return Ineligible(product: product, failed: failed)
            })
        try o.finish()
    }
}

extension SnapshotBody.Products.Eligible {
    /// Reads one entry of `products.eligible`.
    public init(json: JSONValue) throws(SnapshotBodyError) { try self.init(reading: JSONObjectReader(json)) }

    init(reading object: JSONObjectReader) throws(SnapshotBodyError) {
        var o = object
        self.init(
            product: try o.string("product"), name: try o.string("name"), fit: try o.int("fit"),
            limitYuan: try o.optionalInt64("limit_yuan"),
            annualRateBP: try o.optionalInt64("annual_rate_bp").map { Int($0) })
        try o.finish()
    }
}

extension ChallengerScore {
    /// Reads one entry of a body's `"challengers"`.
    init(reading object: JSONObjectReader) throws(SnapshotBodyError) {
        var o = object
        let model = try o.object("model")
        let (id, version, sha256) = try SnapshotBodyError.within("model") { () throws(SnapshotBodyError) in
            var m = model
            let ids = (try m.string("id"), try m.string("version"), try m.string("sha256"))
            try m.finish()
            return ids
        }
        self.init(
            modelID: id, version: version, sha256: sha256, points: try o.int("points"), pd: try o.double("pd"),
            grade: try o.string("grade"))
        try o.finish()
    }
}
