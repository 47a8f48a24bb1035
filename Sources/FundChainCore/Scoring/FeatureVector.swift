/// A firm's features by name. A feature the vector does not hold is `.missing`.
public struct FeatureVector: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public var values: [String: FeatureValue]

    public init(_ values: [String: FeatureValue] = [:]) { self.values = values }

    public init(dictionaryLiteral elements: (String, FeatureValue)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(name: String) -> FeatureValue {
        get { values[name] ?? .missing }
        set { values[name] = newValue }
    }
}
