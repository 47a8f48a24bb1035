import FundChainCore
import Testing

/// The default definition, with expected values worked out by hand from the rule in
/// README.md ("Credit events"): in default from the first default, overdue_90 or written_off event.
@Suite struct DefaultDefinitionTests {
    static let firm = try! USCC("91500112MA5U00001H")
    static let other = try! USCC("91500112MA5U00002L")

    static func day(_ text: String) -> CalendarDate { try! CalendarDate(parsing: text) }
    static func event(_ kind: CreditEventKind, _ date: String, _ uscc: USCC = firm) -> CreditEvent {
        CreditEvent(uscc: uscc, kind: kind, date: day(date), bankCode: "CQRCB", reference: "R-\(date)")
    }

    @Test func restructuringAloneIsNotADefault() {
        #expect(!DefaultDefinition.isDefault(.restructured))
        #expect(CreditEventKind.allCases.filter(DefaultDefinition.isDefault) == [.default, .overdue90, .writtenOff])
        #expect(DefaultDefinition.defaultDate(of: [Self.event(.restructured, "2025-03-01")]) == nil)
        #expect(DefaultDefinition.defaultDate(of: [CreditEvent]()) == nil)
    }

    @Test func theFirstDefaultingEventDatesTheDefault() {
        let events = [
            Self.event(.writtenOff, "2025-09-30"), Self.event(.restructured, "2025-01-15"),
            Self.event(.overdue90, "2025-04-02"), Self.event(.default, "2025-06-10"),
        ]
        #expect(DefaultDefinition.defaultDate(of: events) == Self.day("2025-04-02"))
        #expect(DefaultDefinition.defaultDate(of: [Self.event(.writtenOff, "2024-12-31")]) == Self.day("2024-12-31"))
        let both =
            events + [
                Self.event(.default, "2025-02-01", Self.other), Self.event(.restructured, "2024-01-01", Self.other),
            ]
        #expect(
            DefaultDefinition.defaultDates(of: both) == [
                Self.firm.code: Self.day("2025-04-02"), Self.other.code: Self.day("2025-02-01"),
            ])
    }

    /// The horizon is (asOf, asOf + h months]; an event on the as-of day is already in default.
    @Test func horizonBoundaries() {
        let asOf = Self.day("2024-11-30")
        func within(_ date: String, _ months: Int = 12) -> Bool {
            DefaultDefinition.defaulted([Self.event(.default, date)], after: asOf, withinMonths: months)
        }
        #expect(!within("2024-11-30"))
        #expect(within("2024-12-01"))
        #expect(within("2025-11-30"))
        #expect(!within("2025-12-01"))
        #expect(within("2025-05-31", 6) && !within("2025-06-01", 6))
        #expect(DefaultDefinition.isInDefault([Self.event(.overdue90, "2024-11-30")], at: asOf))
        #expect(!DefaultDefinition.isInDefault([Self.event(.overdue90, "2024-12-01")], at: asOf))
        #expect(!DefaultDefinition.isInDefault([Self.event(.restructured, "2024-01-01")], at: asOf))
        // Already in default before the as-of date: not a default within the horizon.
        let early = [Self.event(.overdue90, "2024-10-01"), Self.event(.default, "2025-01-10")]
        #expect(DefaultDefinition.isInDefault(early, at: asOf))
        #expect(!DefaultDefinition.defaulted(early, after: asOf, withinMonths: 12))
        #expect(!DefaultDefinition.defaulted(defaultDate: nil, after: asOf, withinMonths: 12))
    }

    /// Whole months of the horizon passed by a day; a month end maps to a month end, so after
    /// 2024-11-30 the months end 2024-12-31, 2025-01-31, 2025-02-28 ….
    @Test func monthsObserved() {
        func observed(_ today: String, _ months: Int = 12, asOf: String = "2024-11-30") -> Int {
            DefaultDefinition.observedMonths(asOf: Self.day(asOf), months: months, today: Self.day(today))
        }
        #expect(observed("2024-01-01") == 0)
        #expect(observed("2024-11-30") == 0)
        #expect(observed("2024-12-30") == 0)
        #expect(observed("2024-12-31") == 1)
        #expect(observed("2025-02-27") == 2)
        #expect(observed("2025-02-28") == 3)
        #expect(observed("2025-11-29") == 11)
        #expect(observed("2025-11-30") == 12)
        #expect(observed("2030-01-01") == 12)
        #expect(observed("2030-01-01", 36) == 36)
        #expect(observed("2024-06-14", asOf: "2024-05-15") == 0 && observed("2024-06-15", asOf: "2024-05-15") == 1)
    }

    /// Month ends map to month ends; other days keep their day, clamped to the month.
    @Test(arguments: [
        ("2024-11-30", 12, "2025-11-30"), ("2024-02-29", 12, "2025-02-28"), ("2024-04-30", 1, "2024-05-31"),
        ("2025-01-31", 1, "2025-02-28"), ("2025-01-30", 1, "2025-02-28"), ("2024-05-15", 18, "2025-11-15"),
        ("2023-02-28", 12, "2024-02-29"),
    ])
    func horizonEnd(asOf: String, months: Int, end: String) {
        #expect(DefaultDefinition.horizonEnd(asOf: Self.day(asOf), months: months) == Self.day(end))
    }
}
