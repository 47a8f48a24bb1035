/// A Chongqing administrative division: the municipality (`50`), a district or county (6 digits,
/// e.g. `500103` 渝中区) or a town/street (9 digits; its first 6 digits are the district).
/// Roll-ups go town → district → city. Validated against the divisions compiled into the binary
/// (national statistics codes as of 2022-10-31).
public struct RegionCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let code: String

    public enum Level: String, Sendable, Codable { case province, district, town }

    public struct UnknownCodeError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String { "'\(text)' is not a known Chongqing division code" }
    }

    public init(_ text: some StringProtocol) throws(UnknownCodeError) {
        let code = String(text)
        guard RegionCatalog.shared.entries[code] != nil else { throw UnknownCodeError(text: code) }
        self.code = code
    }

    fileprivate init(trusted code: String) { self.code = code }

    public var name: String { RegionCatalog.shared.entries[code]!.name }
    public var level: Level { Level(rawValue: RegionCatalog.shared.entries[code]!.level)! }

    /// The district of a town (or the district itself); `nil` for the city.
    public var district: RegionCode? { code.count >= 6 ? RegionCode(trusted: String(code.prefix(6))) : nil }

    /// The city (province-level municipality) the division belongs to.
    public var city: RegionCode { RegionCode(trusted: String(code.prefix(2))) }

    /// The municipality of Chongqing.
    public static let chongqing = RegionCode(trusted: "50")

    /// Every district and county, in code order.
    public static var allDistricts: [RegionCode] { RegionCatalog.shared.districts }

    /// Every town and street, in code order.
    public static var allTowns: [RegionCode] { RegionCatalog.shared.towns }

    /// The towns and streets of a district, in code order.
    public static func towns(of district: RegionCode) -> [RegionCode] {
        RegionCatalog.shared.townsByDistrict[district.code] ?? []
    }

    public var description: String { code }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        self = try RegionCode(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(code)
    }
}

struct RegionCatalog: Sendable {
    let entries: [String: ReferenceEntry]
    let districts: [RegionCode]
    let towns: [RegionCode]
    let townsByDistrict: [String: [RegionCode]]

    static let shared = RegionCatalog(ReferenceEntry.parse(ReferenceTables.chongqingDivisionsCSV))

    init(_ rows: [ReferenceEntry]) {
        var entries: [String: ReferenceEntry] = [:]
        var districts: [RegionCode] = []
        var towns: [RegionCode] = []
        for row in rows {
            entries[row.code] = row
            switch row.level {
            case "district": districts.append(RegionCode(trusted: row.code))
            case "town": towns.append(RegionCode(trusted: row.code))
            default: break
            }
        }
        self.entries = entries
        self.districts = districts.sorted()
        self.towns = towns.sorted()
        self.townsByDistrict = Dictionary(grouping: self.towns) { String($0.code.prefix(6)) }
    }
}
