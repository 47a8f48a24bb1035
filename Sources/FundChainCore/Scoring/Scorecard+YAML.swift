import Yams

extension Scorecard {
    /// Parses and validates a card from its YAML text.
    ///
    /// - Throws: `ScorecardError` with the line of a syntax error, or the field, feature and bin
    ///   at fault. Callers prefix the file name (`error.prefixed(path)`).
    public static func load(yaml: String) throws(ScorecardError) -> Scorecard {
        let card: Scorecard
        do {
            card = try YAMLDecoder().decode(Scorecard.self, from: yaml)
        } catch let error as ScorecardError {
            throw error
        } catch let error as DecodingError {
            // Yams wraps errors thrown by our decoders; surface ours as they are.
            if case .dataCorrupted(let context) = error, let ours = context.underlyingError as? ScorecardError {
                throw ours
            }
            throw ScorecardError(.syntax, describeDecodingError(error))
        } catch {
            throw ScorecardError(.syntax, "\(error)")
        }
        try card.validate()
        return card
    }

    /// The card as YAML in the documented format; `load(yaml:)` reads it back equal.
    public var yaml: String {
        var out = YAMLWriter()
        out.line("# FundChain scorecard (format: docs/scorecard-format.md). Ranges are [min, max).")
        out.line("format: \(Self.formatTag)")
        out.line("id: \(YAMLWriter.string(id))")
        out.line("version: \(YAMLWriter.string(version, forceQuotes: true))")
        out.line("description: \(YAMLWriter.string(description))")
        out.line("scaling: \(scaling.yamlFlow)")
        out.line("base_points: \(basePoints)")
        out.line("features:")
        for feature in features {
            out.line("  - name: \(YAMLWriter.string(feature.name))")
            out.line("    type: \(feature.kind.rawValue)")
            out.line("    reason_code: \(YAMLWriter.string(feature.reasonCode))")
            out.line("    reason_text: \(YAMLWriter.string(feature.reasonText))")
            if let iv = feature.iv { out.line("    iv: \(YAMLWriter.number(iv))") }
            if let b = feature.coefficient { out.line("    coefficient: \(YAMLWriter.number(b))") }
            if let p = feature.pValue { out.line("    p_value: \(YAMLWriter.number(p))") }
            out.line("    bins:")
            for bin in feature.bins { out.line("      - \(bin.yamlFlow)") }
        }
        out.line("grades:")
        for band in grades {
            var fields = ["grade: \(YAMLWriter.string(band.grade))"]
            if let min = band.min { fields.append("min: \(min)") }
            if let max = band.max { fields.append("max: \(max)") }
            out.line("  - {\(fields.joined(separator: ", "))}")
        }
        if let table = calibration.table {
            out.line("calibration:")
            out.line("  method: table")
            out.line("  table:")
            for row in table { out.line("    - {min_score: \(row.minScore), pd: \(YAMLWriter.number(row.pd))}") }
        } else {
            out.line("calibration: {method: scaling}")
        }
        if let d = development {
            out.line("development:")
            out.line("  dataset_sha256: \(YAMLWriter.string(d.datasetSHA256, forceQuotes: true))")
            out.line("  dataset_rows: \(d.datasetRows)")
            out.line("  target: \(YAMLWriter.string(d.target, forceQuotes: true))")
            out.line("  bad_value: \(YAMLWriter.string(d.badValue, forceQuotes: true))")
            out.line("  train_rows: \(d.trainRows)")
            out.line("  train_bads: \(d.trainBads)")
            out.line("  test_rows: \(d.testRows)")
            out.line("  test_bads: \(d.testBads)")
            let o = d.options
            let categorical = o.categorical.map { YAMLWriter.string($0, forceQuotes: true) }.joined(separator: ", ")
            out.line("  options:")
            out.line("    test_fraction: \(YAMLWriter.number(o.testFraction))")
            out.line("    seed: \(o.seed)")
            out.line("    scaling: \(o.scaling.yamlFlow)")
            out.line("    min_bin_share: \(YAMLWriter.number(o.minBinShare))")
            out.line("    max_bins: \(o.maxBins)")
            out.line("    pre_bins: \(o.preBins)")
            out.line("    iv_min: \(YAMLWriter.number(o.ivMin))")
            out.line("    max_correlation: \(YAMLWriter.number(o.maxCorrelation))")
            out.line("    l2: \(YAMLWriter.number(o.l2))")
            out.line("    categorical: [\(categorical)]")
            if o.maxPValue < 1 { out.line("    max_p_value: \(YAMLWriter.number(o.maxPValue))") }
            if !o.directions.isEmpty {
                out.line("    directions:")
                for name in o.directions.keys.sorted() {
                    out.line("      \(YAMLWriter.string(name)): \(o.directions[name]!.rawValue)")
                }
            }
            out.line("  intercept: \(YAMLWriter.number(d.intercept))")
            out.line("  score_distribution:")
            for bucket in d.scoreDistribution {
                var fields: [String] = []
                if let min = bucket.min { fields.append("min: \(min)") }
                if let max = bucket.max { fields.append("max: \(max)") }
                fields.append("count: \(bucket.count)")
                fields.append("bads: \(bucket.bads)")
                out.line("    - {\(fields.joined(separator: ", "))}")
            }
        }
        if let training { for line in training.yamlLines { out.line(line) } }
        return out.text
    }
}

extension Scaling {
    var yamlFlow: String {
        "{base_score: \(YAMLWriter.number(baseScore)), base_odds: \(YAMLWriter.number(baseOdds)), pdo: \(YAMLWriter.number(pdo))}"
    }
}

extension ScorecardBin {
    var yamlFlow: String {
        var fields: [String] = []
        if missing { fields.append("missing: true") }
        if let min { fields.append("min: \(YAMLWriter.number(min))") }
        if let max { fields.append("max: \(YAMLWriter.number(max))") }
        if let categories {
            fields.append(
                "categories: [\(categories.map { YAMLWriter.string($0, forceQuotes: true) }.joined(separator: ", "))]")
        }
        if other { fields.append("other: true") }
        fields.append("points: \(points)")
        if let count { fields.append("count: \(count)") }
        if let bads { fields.append("bads: \(bads)") }
        if let woe { fields.append("woe: \(YAMLWriter.number(woe))") }
        return "{\(fields.joined(separator: ", "))}"
    }
}

/// Line-by-line YAML text with exact numbers and safely quoted strings.
struct YAMLWriter {
    var text = ""

    mutating func line(_ s: String) {
        text += s
        text += "\n"
    }

    /// A double-quoted YAML string (JSON escapes), or the plain text when that is unambiguous.
    static func string(_ s: String, forceQuotes: Bool = false) -> String {
        let plainSafe =
            !forceQuotes && !s.isEmpty
            && s.unicodeScalars.allSatisfy { c in
                (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
                    || c == "."
            }
            && DecimalText.parse(s) == nil
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"].contains(s.lowercased())
            && s.first != "-" && s.first != "."
        if plainSafe { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// A number that reads back as exactly `x`: whole numbers without a fraction, others in
    /// Swift's shortest round-trip form with a `.` in the mantissa (YAML 1.1 wants one).
    static func number(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var s = x.description
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }), !s[..<e].contains(".") {
            s.insert(contentsOf: ".0", at: e)
        }
        return s
    }
}
