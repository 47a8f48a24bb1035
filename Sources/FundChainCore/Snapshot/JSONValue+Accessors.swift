/// Convenient construction and reading of `JSONValue`s.
extension JSONValue {
    /// `.double(value)` when `value` is finite, otherwise `.null` (the canonical form has no NaN
    /// or infinity). Use it for ratios that may divide by zero.
    public static func number(_ value: Double) -> JSONValue {
        value.isFinite ? .double(value) : .null
    }

    /// The member `key` of an object; `nil` for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    /// The element at `index` of an array; `nil` when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { elements[index] } else { nil }
    }

    /// The number as a `Double`, from `.int` or `.double`.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// The number as an `Int64` when it is integral: `.int`, or a `.double` with an exact integer value.
    public var int64Value: Int64? {
        switch self {
        case .int(let i): i
        case .double(let d): Int64(exactly: d)
        default: nil
        }
    }

    /// The number as an `Int` when it is integral.
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value with every `null` object member left out, at every depth (as an API writes
    /// optional members that have no value).
    public var withoutNulls: JSONValue {
        switch self {
        case .object(let members): .object(members.filter { !$0.value.isNull }.mapValues(\.withoutNulls))
        case .array(let elements): .array(elements.map(\.withoutNulls))
        default: self
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A duplicate key in the literal is a programming error (precondition).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(
            Dictionary(
                elements, uniquingKeysWith: { _, _ in preconditionFailure("duplicate key in a JSON object literal") }))
    }
}
