/// A GB/T 4754-2017 industry code: a section letter (`C`), a division (`C36`, 汽车制造业) or a
/// class (`C3670`). Validated against the national classification compiled into the binary.
public struct IndustryCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let code: String

    /// The level of a code in the classification.
    public enum Level: String, Sendable, Codable { case section, division, `class` }

    public struct UnknownCodeError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String { "'\(text)' is not a GB/T 4754-2017 industry code" }
    }

    /// Validates `text` against GB/T 4754-2017.
    public init(_ text: some StringProtocol) throws(UnknownCodeError) {
        let code = text.uppercased()
        guard IndustryCatalog.shared.entries[code] != nil else { throw UnknownCodeError(text: String(text)) }
        self.code = code
    }

    public var name: String { IndustryCatalog.shared.entries[code]!.name }
    public var level: Level { Level(rawValue: IndustryCatalog.shared.entries[code]!.level)! }

    /// The section letter (`C` for `C3670`).
    public var section: IndustryCode { try! IndustryCode(code.prefix(1)) }

    /// The division (`C36` for `C3670`); `nil` for a section.
    public var division: IndustryCode? { code.count >= 3 ? try! IndustryCode(code.prefix(3)) : nil }

    /// Every division of the classification, in code order.
    public static var allDivisions: [IndustryCode] { IndustryCatalog.shared.divisions }

    /// Every class (4-digit) code of a division, in code order.
    public static func classes(of division: IndustryCode) -> [IndustryCode] {
        IndustryCatalog.shared.classesByDivision[division.code] ?? []
    }

    public var description: String { code }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        self = try IndustryCode(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(code)
    }

    /// Trusted construction from the catalog itself.
    fileprivate init(trusted code: String) { self.code = code }
}

/// The parsed classification, built once on first use.
struct IndustryCatalog: Sendable {
    let entries: [String: ReferenceEntry]
    let divisions: [IndustryCode]
    let classesByDivision: [String: [IndustryCode]]

    static let shared = IndustryCatalog(ReferenceEntry.parse(ReferenceTables.industriesCSV))

    init(_ rows: [ReferenceEntry]) {
        var entries: [String: ReferenceEntry] = [:]
        var divisions: [IndustryCode] = []
        var classes: [String: [IndustryCode]] = [:]
        for row in rows where entries[row.code] == nil {
            entries[row.code] = row
            switch row.level {
            case "division": divisions.append(IndustryCode(trusted: row.code))
            case "class": classes[String(row.code.prefix(3)), default: []].append(IndustryCode(trusted: row.code))
            default: break
            }
        }
        self.entries = entries
        self.divisions = divisions.sorted()
        self.classesByDivision = classes.mapValues { $0.sorted() }
    }
}
