/// The definition of default FundChain's backtests, fits and generated outcomes use, and the
/// only place it is written down in code (README.md, "Credit events"):
///
/// A firm is **in default from its first `default`, `overdue_90` or `written_off` event**, and
/// stays in default (no cure). `restructured` alone is not a default. A horizon of `h` months
/// after an as-of date `t` is the half-open interval of days (t, t + h months]: an event on the
/// as-of date itself happened before the scoring and counts as "already in default".
public enum DefaultDefinition {
    /// The event kinds that put a firm in default.
    public static let defaultKinds: Set<CreditEventKind> = [.default, .overdue90, .writtenOff]

    /// Whether an event of `kind` puts a firm in default.
    public static func isDefault(_ kind: CreditEventKind) -> Bool { defaultKinds.contains(kind) }

    /// The day the firm went into default: the earliest date among `events` of a defaulting
    /// kind; `nil` when it never did. `events` may hold any firms' events; pass one firm's.
    ///
    /// - Complexity: O(n).
    public static func defaultDate(of events: some Sequence<CreditEvent>) -> CalendarDate? {
        var first: CalendarDate?
        for e in events where isDefault(e.kind) {
            if first.map({ e.date < $0 }) ?? true { first = e.date }
        }
        return first
    }

    /// The first default date of every firm that defaulted, by USCC code.
    ///
    /// - Complexity: O(n) expected.
    public static func defaultDates(of events: some Sequence<CreditEvent>) -> [String: CalendarDate] {
        var dates: [String: CalendarDate] = [:]
        for e in events where isDefault(e.kind) {
            if let d = dates[e.uscc.code], d <= e.date { continue }
            dates[e.uscc.code] = e.date
        }
        return dates
    }

    /// Whether a firm with first default date `defaultDate` was already in default at `asOf`
    /// (defaulted on or before it).
    public static func isInDefault(defaultDate: CalendarDate?, at asOf: CalendarDate) -> Bool {
        guard let defaultDate else { return false }
        return defaultDate <= asOf
    }

    /// The last day of the horizon: `asOf` plus `months` calendar months (the same day of the
    /// month, or the month's last day when it is shorter: 2025-01-31 + 1 month = 2025-02-28).
    public static func horizonEnd(asOf: CalendarDate, months: Int) -> CalendarDate {
        let end = asOf.addingMonths(months)
        // The last day of a month maps to the last day of the target month.
        let lastDay = CalendarDate.daysIn(year: asOf.year, month: asOf.month)
        guard asOf.day == lastDay else { return end }
        return CalendarDate(
            year: end.year, month: end.month, day: CalendarDate.daysIn(year: end.year, month: end.month))!
    }

    /// Whole months of a horizon of `months` after `asOf` that have passed by `today`: the largest
    /// k ≤ `months` with `horizonEnd(asOf:months: k)` on or before `today` (0 before the first
    /// month has passed). A horizon not fully passed is reported with these months.
    ///
    /// - Complexity: O(months).
    public static func observedMonths(asOf: CalendarDate, months: Int, today: CalendarDate) -> Int {
        var observed = 0
        while observed < months, horizonEnd(asOf: asOf, months: observed + 1) <= today { observed += 1 }
        return observed
    }

    /// Whether a firm with first default date `defaultDate` defaulted within the horizon:
    /// `asOf < defaultDate <= horizonEnd(asOf, months)`. A firm already in default at `asOf`
    /// did not default within the horizon (it is not part of the population to backtest).
    public static func defaulted(defaultDate: CalendarDate?, after asOf: CalendarDate, withinMonths months: Int) -> Bool
    {
        guard let defaultDate else { return false }
        return asOf < defaultDate && defaultDate <= horizonEnd(asOf: asOf, months: months)
    }

    /// `defaulted(defaultDate:after:withinMonths:)` for one firm's events.
    public static func defaulted(
        _ events: some Sequence<CreditEvent>, after asOf: CalendarDate, withinMonths months: Int
    ) -> Bool {
        defaulted(defaultDate: defaultDate(of: events), after: asOf, withinMonths: months)
    }

    /// `isInDefault(defaultDate:at:)` for one firm's events.
    public static func isInDefault(_ events: some Sequence<CreditEvent>, at asOf: CalendarDate) -> Bool {
        isInDefault(defaultDate: defaultDate(of: events), at: asOf)
    }
}
