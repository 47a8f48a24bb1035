/// A JSON value, as stored in a snapshot body.
///
/// Numbers are `.int` (integers that fit `Int64`) or `.double` (finite binary64). JSON itself has
/// one number type, and the canonical form (`canonicalBytes()`) writes an integral double like an
/// integer (`2.0` → `2`), which parses back as `.int`. Equality therefore compares numbers by
/// value: `.int(2) == .double(2.0)` and `.double(-0.0) == .int(0)`; everything else compares
/// structurally. (Object keys are Swift `String`s, so two keys that differ only in Unicode
/// normalisation are one key.)
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Hashable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.int(let i), .double(let d)), (.double(let d), .int(let i)): Int64(exactly: d) == i
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .int(let i): hasher.combine(2); hasher.combine(i)
        case .double(let d):
            // Integral doubles hash like the equal `.int`.
            hasher.combine(2)
            if let i = Int64(exactly: d) { hasher.combine(i) } else { hasher.combine(d) }
        case .string(let s): hasher.combine(3); hasher.combine(s)
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .object(let o): hasher.combine(5); hasher.combine(o)
        }
    }
}
