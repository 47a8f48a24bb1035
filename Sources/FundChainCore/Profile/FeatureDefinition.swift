/// One documented feature of a firm's profile: what it measures, in which unit, over which window.
public struct FeatureDefinition: Sendable, Hashable {
    public enum Family: String, Sendable, CaseIterable {
        case cashFlow = "cash_flow"
        case counterparties
        case graph
        case peer
        case firm
    }

    public let name: String
    public let family: Family
    public let unit: String
    public let window: String
    public let summary: String
    /// A category (text) rather than a number.
    public let isCategorical: Bool

    public init(
        _ name: String, _ family: Family, unit: String, window: String, _ summary: String, categorical: Bool = false
    ) {
        self.name = name
        self.family = family
        self.unit = unit
        self.window = window
        self.summary = summary
        self.isCategorical = categorical
    }
}
