/// Decoding of the YAML form (see `docs/scorecard-format.md`). Every struct rejects fields the
/// format does not define, so a typo (`pionts:`) is an error rather than a silent default.

/// A coding key for any field name, to list the fields a mapping actually has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the mapping being decoded has a field not in `known`.
    func rejectUnknownFields(_ known: [String], in context: @autoclosure () -> String) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw ScorecardError(
                .unknownField,
                "\(context()): unknown field '\(key.stringValue)' (known: \(known.joined(separator: ", ")))")
        }
    }
}

/// Where in the document a decoder is, e.g. `features[3].bins[2]`.
func pathDescription(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let i = key.intValue {
            text += "[\(i + 1)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text.isEmpty ? "document" : text
}

extension Scorecard: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, id, version, description, scaling
        case basePoints = "base_points"
        case features, grades, calibration, development, training
    }

    /// The format tag written into every card.
    public static let formatTag = "fundchain-scorecard/1"

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "scorecard")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let format = try c.decodeIfPresent(String.self, forKey: .format), format != Self.formatTag {
            throw ScorecardError(.invalidValue, "format '\(format)' is not supported (expected '\(Self.formatTag)')")
        }
        id = try c.decode(String.self, forKey: .id)
        version = try c.decode(String.self, forKey: .version)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        scaling = try c.decode(Scaling.self, forKey: .scaling)
        basePoints = try c.decodeIfPresent(Int.self, forKey: .basePoints) ?? 0
        features = try c.decode([ScorecardFeature].self, forKey: .features)
        grades = try c.decode([GradeBand].self, forKey: .grades)
        calibration = try c.decodeIfPresent(Calibration.self, forKey: .calibration) ?? .scaling
        development = try c.decodeIfPresent(ModelDevelopment.self, forKey: .development)
        training = try c.decodeIfPresent(ModelTraining.self, forKey: .training)
    }
}

extension ScorecardFeature: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type
        case reasonCode = "reason_code", reasonText = "reason_text"
        case bins, iv, coefficient
        case pValue = "p_value"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let context = "feature '\(name)'"
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: context)
        let kindText = try c.decode(String.self, forKey: .type)
        guard let kind = Kind(rawValue: kindText) else {
            throw ScorecardError(.invalidValue, "\(context): type '\(kindText)' is not numeric or categorical")
        }
        var binsContainer = try c.nestedUnkeyedContainer(forKey: .bins)
        var bins: [ScorecardBin] = []
        while !binsContainer.isAtEnd {
            let number = bins.count + 1
            do {
                bins.append(try binsContainer.decode(ScorecardBin.self))
            } catch let error as ScorecardError {
                throw error.prefixed("\(context), bin \(number)")
            } catch {
                throw ScorecardError(.syntax, "\(context), bin \(number): \(describeDecodingError(error))")
            }
        }
        self.init(
            name: name, kind: kind,
            reasonCode: try c.decode(String.self, forKey: .reasonCode),
            reasonText: try c.decode(String.self, forKey: .reasonText),
            bins: bins,
            iv: try c.decodeIfPresent(Double.self, forKey: .iv),
            coefficient: try c.decodeIfPresent(Double.self, forKey: .coefficient),
            pValue: try c.decodeIfPresent(Double.self, forKey: .pValue))
    }
}

extension ScorecardBin: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case min, max, categories, other, missing, points, count, bads, woe
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "bin")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            min: try c.decodeIfPresent(Double.self, forKey: .min),
            max: try c.decodeIfPresent(Double.self, forKey: .max),
            categories: try c.decodeIfPresent([String].self, forKey: .categories),
            other: try c.decodeIfPresent(Bool.self, forKey: .other) ?? false,
            missing: try c.decodeIfPresent(Bool.self, forKey: .missing) ?? false,
            points: try c.decode(Int.self, forKey: .points),
            count: try c.decodeIfPresent(Int.self, forKey: .count),
            bads: try c.decodeIfPresent(Int.self, forKey: .bads),
            woe: try c.decodeIfPresent(Double.self, forKey: .woe))
    }
}

extension GradeBand: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case grade, min, max }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: pathDescription(decoder.codingPath))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            grade: try c.decode(String.self, forKey: .grade),
            min: try c.decodeIfPresent(Int.self, forKey: .min),
            max: try c.decodeIfPresent(Int.self, forKey: .max))
    }
}

extension Calibration: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case method, table }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "calibration")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let method = try c.decodeIfPresent(String.self, forKey: .method) ?? "scaling"
        switch method {
        case "scaling":
            guard !c.contains(.table) else {
                throw ScorecardError(.calibration, "calibration: method 'scaling' takes no table")
            }
            self = .scaling
        case "table":
            let table = try c.decode([Row].self, forKey: .table)
            self.init(table: table)
        default:
            throw ScorecardError(.calibration, "calibration: method '\(method)' is not 'scaling' or 'table'")
        }
    }
}

extension Calibration.Row: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case minScore = "min_score", pd
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "calibration table row")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(minScore: try c.decode(Int.self, forKey: .minScore), pd: try c.decode(Double.self, forKey: .pd))
    }
}

extension Scaling: Decodable {
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(["base_score", "base_odds", "pdo"], in: "scaling")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            baseScore: try c.decode(Double.self, forKey: .baseScore),
            baseOdds: try c.decode(Double.self, forKey: .baseOdds),
            pdo: try c.decode(Double.self, forKey: .pdo))
    }
}

/// A one-line, user-facing account of a `DecodingError` (or any other error).
func describeDecodingError(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    switch error {
    case .keyNotFound(let key, let context):
        return "\(pathDescription(context.codingPath)): required field '\(key.stringValue)' is missing"
    case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
        return "\(pathDescription(context.codingPath)): expected \(type)"
    case .dataCorrupted(let context):
        return "\(pathDescription(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}
