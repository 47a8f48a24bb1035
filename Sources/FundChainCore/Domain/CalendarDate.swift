/// A calendar date without time zone (proleptic Gregorian), the granularity of booking dates.
/// Pure arithmetic; no Foundation.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String { "'\(text)' is not a date (expected YYYY-MM-DD)" }
    }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysIn(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, also accepting a trailing time (`2024-01-31T10:00:00`, `2024-01-31 10:00`)
    /// whose time part is ignored, and the compact `YYYYMMDD`.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        let u = Array(text.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var v = 0
            for i in r {
                let b = u[i]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                v = v * 10 + Int(b - 0x30)
            }
            return v
        }
        let parsed: CalendarDate?
        if u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            u.count == 10 || u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "),
            let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10)
        {
            parsed = CalendarDate(year: y, month: m, day: d)
        } else if u.count == 8, let y = digits(0..<4), let m = digits(4..<6), let d = digits(6..<8) {
            parsed = CalendarDate(year: y, month: m, day: d)
        } else {
            parsed = nil
        }
        guard let parsed else { throw ParseError(text: String(text)) }
        self = parsed
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's days_from_civil.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }

    /// The first day of this date's month.
    public var month1st: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }

    /// Months since January 1970, for month arithmetic and month indices.
    public var monthIndex: Int { (year - 1970) * 12 + (month - 1) }

    /// The first day of the month `monthIndex` months after January 1970.
    public init(monthIndex: Int) {
        let y = 1970 + Int((Double(monthIndex) / 12).rounded(.down))
        self.year = y
        self.month = monthIndex - (y - 1970) * 12 + 1
        self.day = 1
    }

    public func addingMonths(_ n: Int) -> CalendarDate {
        let first = CalendarDate(monthIndex: monthIndex + n)
        return CalendarDate(
            year: first.year, month: first.month, day: min(day, Self.daysIn(year: first.year, month: first.month)))!
    }

    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        self = try CalendarDate(parsing: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
