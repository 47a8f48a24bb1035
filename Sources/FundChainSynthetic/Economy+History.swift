import Foundation
import FundChainCore

/// One dated event of `credit_events.csv`.
struct SyntheticCreditEvent: Sendable {
    let firm: Int32
    let kind: CreditEventKind
    let date: CalendarDate
    /// Index into `BankCatalog.covered`: one of the firm's own banks.
    let bank: UInt8
}

extension Economy {
    /// Months of statements before the first default inside a window: a build needs a year of
    /// history, so defaults inside the window happen from its 13th month on. A window of 12
    /// months or less has none (the generated region is then exactly what it was before dated
    /// events existed).
    static let historyBeforeDefaults = 12
    /// The 12-month default probability defaults inside the window are calibrated to: the base
    /// rate plus about what contagion adds after the window, so every 12 months sees about the
    /// same share of defaults.
    static let windowDefaultRate = 0.055
    /// Months after the window that outcomes (and dated events) cover.
    static let outcomeMonths = 12

    /// Dates every default and adds defaults inside long windows.
    ///
    /// After the window: a defaulter drawn by `buildHealth` (visible distress from `onset`, the
    /// last `lead` = months − onset months of the window, 1–9) defaults `k` months after the
    /// window, `k` uniform in 0 … 11 − ⌊(lead − 1) / 3⌋: defaults spread over the whole year
    /// after the window, and distress that started earlier cannot last as long.
    ///
    /// Inside the window (from month `historyBeforeDefaults` on, when the window is longer):
    /// every other non-core firm outside the planted rings defaults in month m with the monthly
    /// hazard 1 − (1 − p)^(1/12), p = logistic(its `defaultLogit` + c), `c` solved so that the
    /// mean p is `windowDefaultRate`: the same latent health drives it. Its inflows fall from
    /// 3–12 months before (by 40–85 %, or not at all for the 20 % silent ones) down to the floor
    /// at the default; two months later its accounts go quiet (`isDormant`).
    ///
    /// - Complexity: O(firms · 40).
    mutating func buildHistory(_ rng0: SeededGenerator) {
        var rng = rng0
        let n = firmCount
        let months = config.months
        defaultMonth = [Int16](repeating: Int16.max, count: n)
        for i in 0..<n where defaulted[i] {
            let lead = months - Int(onset[i])
            defaultMonth[i] = Int16(months + rng.int(in: 0...(Self.outcomeMonths - 1 - max(0, lead - 1) / 3)))
        }
        guard months > Self.historyBeforeDefaults else { return }

        var inRing = [Bool](repeating: false, count: n)
        for ring in rings {
            for f in ring.members + [ring.source, ring.sink].compactMap({ $0 }) { inRing[f] = true }
        }
        let eligible = (0..<n).filter { !defaulted[$0] && !role[$0].isCore && !inRing[$0] }
        guard !eligible.isEmpty else { return }
        let shift = Self.intercept(
            logits: eligible.map { defaultLogit[$0] }, meanProbability: Self.windowDefaultRate, in: -12.0, 12.0)
        for i in eligible {
            let p = 1 / (1 + exp(-(shift + defaultLogit[i])))
            let hazard = 1 - pow(1 - p, 1.0 / 12)
            // The first month of default of a geometric hazard, from one uniform draw.
            let u = max(rng.nextUnit(), 0x1.0p-53)
            guard hazard > 0 else { continue }
            let wait = (log(u) / log(1 - hazard)).rounded(.down)
            guard wait < Double(months - Self.historyBeforeDefaults) else { continue }
            let d = Self.historyBeforeDefaults + Int(wait)
            let runUp = rng.int(in: 3...12)
            defaulted[i] = true
            defaultMonth[i] = Int16(d)
            onset[i] = Int16(max(0, d - runUp))
            distressEnd[i] = Int16(d)
            if !rng.chance(Self.silentShare) {
                strength[i] = Float(rng.uniform(0.4, 0.85))
                volatility[i] += 0.1
            }
        }
    }

    /// Turns each firm's story into dated events, reported by one of its own banks:
    ///
    /// - a defaulter's first event falls on a random day of its default month: `default` (70 %)
    ///   or `overdue_90` (30 %), which is followed 1–6 months later by `default` (70 %) or
    ///   `written_off`; 20 % of plain defaults are `written_off` 6–12 months later;
    /// - 15 % of visibly distressed defaulters were `restructured` halfway between the onset
    ///   and the default (it did not save them);
    /// - 35 % of healthy firms with a temporary dip are `restructured` in its last month (and
    ///   recover: not a default).
    ///
    /// Nothing is dated after the 12 months that follow the window.
    mutating func buildCreditEvents(_ rng0: SeededGenerator) {
        var rng = rng0
        let months = config.months
        let start = calendar.start
        let last = start.addingMonths(months + Self.outcomeMonths).adding(days: -1)
        var events: [SyntheticCreditEvent] = []
        func day(inMonth m: Int, _ rng: inout SeededGenerator) -> CalendarDate {
            let first = start.addingMonths(m)
            return first.adding(days: rng.below(CalendarDate.daysIn(year: first.year, month: first.month)))
        }
        for i in 0..<firmCount {
            let banks = accounts(of: i)
            let bank = accountBank[banks.lowerBound + rng.below(banks.count)]
            func add(_ kind: CreditEventKind, _ date: CalendarDate) {
                if date <= last {
                    events.append(SyntheticCreditEvent(firm: Int32(i), kind: kind, date: date, bank: bank))
                }
            }
            let d = Int(defaultMonth[i])
            if defaulted[i] {
                let o = Int(onset[i])
                if strength[i] > 0 && d - o >= 2 && rng.chance(0.15) {
                    add(.restructured, day(inMonth: o + (d - o) / 2, &rng))
                }
                let first = day(inMonth: d, &rng)
                if rng.chance(0.3) {
                    add(.overdue90, first)
                    add(rng.chance(0.7) ? .default : .writtenOff, first.addingMonths(rng.int(in: 1...6)))
                } else {
                    add(.default, first)
                    if rng.chance(0.2) { add(.writtenOff, first.addingMonths(rng.int(in: 6...12))) }
                }
            } else if Int(dipStart[i]) < months && rng.chance(0.35) {
                add(.restructured, day(inMonth: min(months, Int(dipEnd[i])) - 1, &rng))
            }
        }
        creditEvents = events
    }

    static let creditEventsHeader = "uscc,event,event_date,bank,reference\n"

    /// Writes credit_events.csv: by firm, then date; references `CE` + 8 digits, unique in the file.
    func writeCreditEvents(to sink: FileSink) throws {
        var buffer = ByteBuffer()
        buffer.append(Self.creditEventsHeader)
        for (k, e) in creditEvents.enumerated() {
            buffer.append(uscc[Int(e.firm)])
            buffer.comma()
            buffer.append(e.kind.rawValue)
            buffer.comma()
            buffer.append(e.date.description)
            buffer.comma()
            buffer.append(BankCatalog.codeBytes[Int(e.bank)])
            buffer.append(",CE")
            buffer.append(decimal: Int64(k + 1), width: 8)
            buffer.newline()
            if buffer.count >= 1 << 20 { try sink.write(buffer); buffer.removeAll() }
        }
        try sink.write(buffer)
    }
}
