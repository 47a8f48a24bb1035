/// Reads the members of one JSON object by name and type, counting what it read so that
/// `finish()` can refuse members nobody asked for. Errors carry the member's name as their path;
/// callers put the object's own path in front (`SnapshotBodyError.within`).
struct JSONObjectReader {
    let members: [String: JSONValue]
    private var read = 0

    init(_ value: JSONValue) throws(SnapshotBodyError) {
        guard case .object(let members) = value else {
            throw SnapshotBodyError(.mistyped, path: "", "is not an object")
        }
        self.members = members
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    mutating func value(_ key: String) throws(SnapshotBodyError) -> JSONValue {
        guard let value = members[key] else { throw SnapshotBodyError(.missing, path: key, "is missing") }
        read += 1
        return value
    }

    func mistyped(_ key: String, _ expected: String) -> SnapshotBodyError {
        SnapshotBodyError(.mistyped, path: key, "is not \(expected)")
    }

    mutating func string(_ key: String) throws(SnapshotBodyError) -> String {
        guard case .string(let text) = try value(key) else { throw mistyped(key, "a text") }
        return text
    }

    mutating func bool(_ key: String) throws(SnapshotBodyError) -> Bool {
        guard case .bool(let b) = try value(key) else { throw mistyped(key, "true or false") }
        return b
    }

    /// An integral number (an integral double reads too: `2.0` is written `2`).
    mutating func int64(_ key: String) throws(SnapshotBodyError) -> Int64 {
        guard let i = try value(key).int64Value else { throw mistyped(key, "an integer") }
        return i
    }

    mutating func int(_ key: String) throws(SnapshotBodyError) -> Int {
        guard let i = try value(key).intValue else { throw mistyped(key, "an integer") }
        return i
    }

    mutating func optionalInt64(_ key: String) throws(SnapshotBodyError) -> Int64? {
        let v = try value(key)
        if case .null = v { return nil }
        guard let i = v.int64Value else { throw mistyped(key, "an integer or null") }
        return i
    }

    mutating func double(_ key: String) throws(SnapshotBodyError) -> Double {
        guard let x = try value(key).doubleValue else { throw mistyped(key, "a number") }
        return x
    }

    mutating func optionalDouble(_ key: String) throws(SnapshotBodyError) -> Double? {
        let v = try value(key)
        if case .null = v { return nil }
        guard let x = v.doubleValue else { throw mistyped(key, "a number or null") }
        return x
    }

    mutating func object(_ key: String) throws(SnapshotBodyError) -> JSONObjectReader {
        let v = try value(key)
        guard case .object = v else { throw mistyped(key, "an object") }
        return try JSONObjectReader(v)
    }

    /// The elements of list `key`, each read by `element` (errors get `key[n]` in front).
    mutating func array<T>(_ key: String, _ element: (JSONValue) throws(SnapshotBodyError) -> T)
        throws(SnapshotBodyError)
        -> [T]
    {
        guard case .array(let items) = try value(key) else { throw mistyped(key, "a list") }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (n, item) in items.enumerated() {
            out.append(
                try SnapshotBodyError.within("\(key)[\(n)]") { () throws(SnapshotBodyError) in try element(item) })
        }
        return out
    }

    /// A date written exactly `YYYY-MM-DD` (so that it writes back the same).
    mutating func date(_ key: String) throws(SnapshotBodyError) -> CalendarDate {
        let text = try string(key)
        guard let date = try? CalendarDate(parsing: text), date.description == text else {
            throw SnapshotBodyError(.invalid, path: key, "is not a date written YYYY-MM-DD")
        }
        return date
    }

    /// A month written exactly `YYYY-MM`, as its `CalendarDate.monthIndex`.
    mutating func month(_ key: String) throws(SnapshotBodyError) -> Int {
        let text = try string(key)
        guard let first = try? CalendarDate(parsing: text + "-01"), first.description.prefix(7) == text else {
            throw SnapshotBodyError(.invalid, path: key, "is not a month written YYYY-MM")
        }
        return first.monthIndex
    }

    /// Throws when the object has a member that was not read. The error names a member no
    /// object of the format has, when there is one (a key of another object of the format,
    /// misplaced, is named by the object's path alone): read keys are counted, not kept, so that
    /// reading a valid body costs nothing for this check.
    func finish() throws(SnapshotBodyError) {
        guard read < members.count else { return }
        if let foreign = members.keys.filter({ !Self.formatMembers.contains($0) }).min() {
            throw SnapshotBodyError(.unknownMember, path: foreign, "is not a member of \(SnapshotBody.format)")
        }
        throw SnapshotBodyError(.unknownMember, path: "", "has a member \(SnapshotBody.format) does not define here")
    }

    /// Every member name of every object of the format.
    static let formatMembers: Set<String> = [
        "format", "firm", "as_of", "window", "features", "score", "feature_points", "reasons", "model",
        "input_fingerprint", "products", "challengers", "uscc", "name", "industry", "region", "founded_on", "is_core",
        "first_month", "last_month", "months", "points", "pd", "grade", "id", "version", "sha256", "code", "text",
        "feature", "value", "points_lost", "peer_percentile", "evidence", "kind", "catalog_id", "catalog_sha256",
        "eligible", "ineligible", "product", "fit", "limit_yuan", "annual_rate_bp", "failed",
    ]
}
