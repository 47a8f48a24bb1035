/// An amount of money in minor units (fen for CNY), exact.
///
/// Amounts are never `Double`: text such as `"12.30"` is parsed digit by digit into `1230`,
/// and sums are overflow-checked. Ratios and scores derived from amounts may be `Double`.
public struct Money: Sendable, Hashable, Comparable, Codable {
    /// Minor units (fen).
    public var fen: Int64

    @inlinable
    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    /// The largest amount one statement entry may carry: 10^15 fen (10^13 yuan, ten trillion).
    /// Ingest rejects a larger entry (`amount_too_large`). With it, summing entries cannot
    /// overflow `Int64` (≈ 9.2 × 10^18 fen) before more than 9,223 maximal entries meet in one
    /// total; the sums that could still get there are overflow-checked.
    public static let maximumEntry = Money(fen: 1_000_000_000_000_000)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }

    /// Why a decimal text is not an amount.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case invalidCharacter(Character)
        case tooManyDecimals(Int)
        case overflow
        case malformed

        public var description: String {
            switch self {
            case .empty: "empty amount"
            case .invalidCharacter(let c): "invalid character '\(c)' in amount"
            case .tooManyDecimals(let n): "amount has \(n) decimal places (at most 2 allowed)"
            case .overflow: "amount out of range"
            case .malformed: "malformed amount"
            }
        }
    }

    /// Parses a plain decimal amount: optional sign, digits, optionally `.` or `,` and at most
    /// `maxDecimals` digits (`"12.3"` → 1230 fen, `"-0.05"` → -5, `"100"` → 10000). Money holds
    /// hundredths, so more than 2 decimals is refused whatever `maxDecimals` says.
    /// Thousands separators and exponents are rejected: they are ambiguous in bank data.
    public init(
        parsing text: some StringProtocol, maxDecimals: Int = 2, decimalSeparators: [UInt8] = [UInt8(ascii: ".")]
    ) throws(ParseError) {
        var utf8 = Array(text.utf8)
        // Trim ASCII spaces.
        while let last = utf8.last, last == 0x20 { utf8.removeLast() }
        var start = 0
        while start < utf8.count, utf8[start] == 0x20 { start += 1 }
        guard start < utf8.count else { throw .empty }
        var negative = false
        if utf8[start] == UInt8(ascii: "-") || utf8[start] == UInt8(ascii: "+") {
            negative = utf8[start] == UInt8(ascii: "-")
            start += 1
        }
        var units: Int64 = 0
        var decimals = -1  // -1: no separator seen yet
        var digits = 0
        for i in start..<utf8.count {
            let b = utf8[i]
            if b >= 0x30 && b <= 0x39 {
                let (m, o1) = units.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(b - 0x30))
                guard !o1, !o2 else { throw .overflow }
                units = s
                digits += 1
                if decimals >= 0 { decimals += 1 }
            } else if decimalSeparators.contains(b) {
                guard decimals < 0 else { throw .malformed }
                decimals = 0
            } else {
                let scalar = String(decoding: utf8[i...].prefix(4), as: UTF8.self).first ?? "?"
                throw .invalidCharacter(scalar)
            }
        }
        guard digits > 0, decimals != 0 || digits > 0 else { throw .malformed }
        if decimals == 0 && digits == 0 { throw .malformed }
        let places = max(decimals, 0)
        guard places <= min(maxDecimals, 2) else { throw .tooManyDecimals(places) }
        for _ in places..<2 {
            let (m, o) = units.multipliedReportingOverflow(by: 10)
            guard !o else { throw .overflow }
            units = m
        }
        self.fen = negative ? -units : units
    }

    /// The sum, or `nil` on overflow.
    public func adding(_ other: Money) -> Money? {
        let (s, o) = fen.addingReportingOverflow(other.fen)
        return o ? nil : Money(fen: s)
    }

    /// Sums a sequence, or `nil` on overflow.
    public static func sum(_ amounts: some Sequence<Money>) -> Money? {
        var total: Int64 = 0
        for a in amounts {
            let (s, o) = total.addingReportingOverflow(a.fen)
            if o { return nil }
            total = s
        }
        return Money(fen: total)
    }

    /// Yuan as a `Double`, for ratios and display only.
    public var yuan: Double { Double(fen) / 100 }
}

extension Money: CustomStringConvertible {
    /// Plain decimal with two places: `1230` → `"12.30"`, `-5` → `"-0.05"`.
    public var description: String {
        let magnitude = fen.magnitude
        let whole = magnitude / 100
        let cents = magnitude % 100
        let sign = fen < 0 ? "-" : ""
        return "\(sign)\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Decimal with thousands separators for people: `123456789` → `"1,234,567.89"`.
    public var grouped: String {
        let magnitude = fen.magnitude
        var whole = String(magnitude / 100)
        var groups: [Substring] = []
        while whole.count > 3 {
            groups.insert(whole.suffix(3), at: 0)
            whole.removeLast(3)
        }
        groups.insert(Substring(whole), at: 0)
        let cents = magnitude % 100
        return (fen < 0 ? "-" : "") + groups.joined(separator: ",") + "." + (cents < 10 ? "0" : "") + String(cents)
    }
}
