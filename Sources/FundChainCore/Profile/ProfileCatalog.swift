/// Every feature of a firm profile, in the order profiles list them.
public enum ProfileCatalog {
    public static let definitions: [FeatureDefinition] =
        CashFlowFeatures.definitions + CounterpartyFeatures.definitions + GraphFeatures.definitions
        + PeerFeatures.definitions + FirmFeatures.definitions

    /// Column of each feature in `definitions`.
    public static let column: [String: Int] = Dictionary(
        uniqueKeysWithValues: definitions.enumerated().map { ($1.name, $0) })

    public static func definition(_ name: String) -> FeatureDefinition? { column[name].map { definitions[$0] } }
}
