/// Peer position: where a firm stands on key features among firms of the same GB/T 4754
/// industry division and of the same district.
public enum PeerFeatures {
    /// The features compared with peers.
    public static let compared = ["inflow_12m_yuan", "inflow_growth_3m", "net_flow_ratio_12m", "inflow_cv_12m"]
    /// Groups with fewer firms (having the feature) give no percentile.
    public static let minimumGroup = 5

    public static let definitions: [FeatureDefinition] = compared.flatMap { name in
        [
            FeatureDefinition(
                "\(name)_pct_industry", .peer, unit: "percentile 0–100", window: "as \(name)",
                "Mid-rank percentile of \(name) among firms of the same industry division (missing in groups under \(minimumGroup))"
            ),
            FeatureDefinition(
                "\(name)_pct_district", .peer, unit: "percentile 0–100", window: "as \(name)",
                "Mid-rank percentile of \(name) among firms of the same district (missing in groups under \(minimumGroup))"
            ),
        ]
    }

    /// Each firm's industry division and district as small integers, for grouping.
    public struct Groups: Sendable {
        public var industry: [Int32]
        public var district: [Int32]

        public init(_ firms: [Firm]) {
            func codes(_ key: (Firm) -> String) -> [Int32] {
                var ids: [String: Int32] = [:]
                return firms.map { firm in
                    let k = key(firm)
                    if let id = ids[k] { return id }
                    let id = Int32(ids.count)
                    ids[k] = id
                    return id
                }
            }
            industry = codes { $0.industry.division?.code ?? $0.industry.code }
            district = codes { $0.region.district?.code ?? $0.region.code }
        }
    }
}

/// Facts about the firm itself.
public enum FirmFeatures {
    public static let definitions: [FeatureDefinition] = [
        .init(
            "firm_age_years", .firm, unit: "years", window: "at the as-of date",
            "Years since establishment (days / 365.25)"),
        .init("is_core", .firm, unit: "0/1", window: "registration", "1 for a core enterprise of an industrial chain"),
        .init(
            "industry_division", .firm, unit: "GB/T 4754 division", window: "registration",
            "Industry division, e.g. C36", categorical: true),
        .init(
            "district", .firm, unit: "district code", window: "registration",
            "District (6-digit division code) of the registered town", categorical: true),
    ]
}
