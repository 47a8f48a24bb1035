import FundChainCore

/// The days of the generation window and how busy each one is: weekends are quiet, the Spring
/// Festival holiday nearly stops business (with a rush before and a slow restart after), and
/// December — the year-end settlement — is the busiest month.
struct SyntheticCalendar: Sendable {
    /// First day of the window.
    let start: CalendarDate
    let months: Int
    /// Index of the first day of each month, plus one past the end.
    let monthStarts: [Int]
    /// `YYYY-MM-DD` of every day, 10 bytes each.
    let dateBytes: [UInt8]
    /// Relative activity of each day.
    let dayWeight: [Double]
    /// Per month, the cumulative day weights (for choosing a booking day).
    let cumulativeByMonth: [[Double]]
    /// Per month, its activity relative to an ordinary month (≈ 1; Spring Festival months < 1).
    let monthFactor: [Double]

    var dayCount: Int { dayWeight.count }

    /// Spring Festival (春节, first day of the lunar year) by Gregorian year.
    static let springFestival: [Int: (month: Int, day: Int)] = [
        2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
        2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17),
        2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23), 2032: (2, 11),
    ]

    init(firstMonthIndex: Int, months: Int) {
        let start = CalendarDate(monthIndex: firstMonthIndex)
        self.start = start
        self.months = months
        var starts: [Int] = []
        var day = 0
        for m in 0..<months {
            starts.append(day)
            let first = CalendarDate(monthIndex: firstMonthIndex + m)
            day += CalendarDate.daysIn(year: first.year, month: first.month)
        }
        starts.append(day)
        monthStarts = starts

        var dates: [UInt8] = []
        dates.reserveCapacity(day * 10)
        var weights: [Double] = []
        for d in 0..<day {
            let date = start.adding(days: d)
            dates.append(contentsOf: date.description.utf8)
            weights.append(Self.weight(of: date))
        }
        dateBytes = dates
        dayWeight = weights

        var cumulative: [[Double]] = []
        var factors: [Double] = []
        for m in 0..<months {
            var running = 0.0
            var c: [Double] = []
            for d in starts[m]..<starts[m + 1] {
                running += weights[d]
                c.append(running)
            }
            cumulative.append(c)
            // An ordinary month has about 21.7 working days of weight 1 plus weekends at 0.3.
            factors.append(running / 25.0)
        }
        cumulativeByMonth = cumulative
        monthFactor = factors
    }

    /// Activity weight of one day.
    static func weight(of date: CalendarDate) -> Double {
        var w: Double
        switch date.weekday {
        case 5: w = 0.35
        case 6: w = 0.25
        default: w = 1.0
        }
        if let f = springFestival[date.year], let festival = CalendarDate(year: date.year, month: f.month, day: f.day) {
            let offset = date.daysSinceEpoch - festival.daysSinceEpoch
            switch offset {
            case -12 ... -2: w *= 1.25  // pre-holiday rush: stock-up, wages and bonuses paid
            case -1...6: w = 0.06  // the statutory holiday
            case 7...15: w *= 0.55  // migrant workers still travelling back
            default: break
            }
        }
        if date.month == 12 { w *= date.day >= 20 ? 1.35 : 1.12 }  // year-end settlement
        if date.month == 6 && date.day >= 25 { w *= 1.1 }  // half-year closing
        return w
    }

    /// The 10 bytes of day `d`'s date.
    @inline(__always)
    func date(_ d: Int) -> ArraySlice<UInt8> { dateBytes[(d * 10)..<(d * 10 + 10)] }

    /// A booking day in month `m`, weighted by activity.
    @inline(__always)
    func randomDay(month m: Int, _ rng: inout SeededGenerator) -> Int {
        monthStarts[m] + rng.pick(cumulative: cumulativeByMonth[m])
    }

    /// The working day on or after day-of-month `dom` (1-based) in month `m`, within the month.
    func workingDay(month m: Int, dayOfMonth dom: Int) -> Int {
        let first = monthStarts[m], last = monthStarts[m + 1] - 1
        var d = min(first + dom - 1, last)
        while d < last && dayWeight[d] < 0.5 { d += 1 }
        return d
    }

    /// The month (0-based within the window) of day `d`.
    func month(ofDay d: Int) -> Int {
        var m = 0
        while monthStarts[m + 1] <= d { m += 1 }
        return m
    }
}
