import FundChainCore
import Testing

struct ConsentTests {
    func day(_ text: String) -> CalendarDate { try! CalendarDate(parsing: text) }

    func consent(granted: String, expires: String?, revoked: Bool = false, reference: String = "R") -> Consent {
        Consent(
            id: 1, uscc: "91500112MA5U00001H", bankCode: "CQRCB", purpose: .score, reference: reference,
            grantedOn: day(granted), expiresOn: expires.map(day), isRevoked: revoked)
    }

    @Test func liveFromGrantedUpToButNotIncludingExpiry() {
        let c = consent(granted: "2026-03-01", expires: "2026-04-01")
        #expect(!c.isLive(on: day("2026-02-28")))
        #expect(c.isLive(on: day("2026-03-01")))
        #expect(c.isLive(on: day("2026-03-31")))
        #expect(!c.isLive(on: day("2026-04-01")))
        #expect(consent(granted: "2026-03-01", expires: nil).isLive(on: day("2099-12-31")))
        #expect(!consent(granted: "2026-03-01", expires: nil, revoked: true).isLive(on: day("2026-03-02")))
    }

    /// China Standard Time is UTC+8: 2026-12-01T16:00:00Z is already 2026-12-02 there.
    @Test func daysAreCountedInChinaStandardTime() {
        // 2026-12-01T00:00:00Z = 20,788 days × 86,400 s after 1970-01-01: 56 years with 14 leap
        // days (1972…2024) make 56·365 + 14 = 20,454 days to 2026-01-01, and January to November
        // 2026 another 334.
        let midnightUTC = Double(20_788 * 86_400)
        #expect(Consent.day(atSecondsSince1970: midnightUTC) == day("2026-12-01"))
        #expect(Consent.day(atSecondsSince1970: midnightUTC + 15.999 * 3600) == day("2026-12-01"))
        #expect(Consent.day(atSecondsSince1970: midnightUTC + 16 * 3600) == day("2026-12-02"))
        #expect(Consent.day(atSecondsSince1970: -8 * 3600 - 1) == day("1969-12-31"))
        #expect(Consent.day(atSecondsSince1970: -8 * 3600) == day("1970-01-01"))
    }

    @Test func bookMatchesFirmBankPurposeAndReferenceExactly() {
        let live = consent(granted: "2026-01-01", expires: nil)
        let revoked = Consent(
            id: 2, uscc: live.uscc, bankCode: "ICBC", purpose: .score, reference: "R", grantedOn: live.grantedOn,
            expiresOn: nil, isRevoked: true)
        let book = ConsentBook([live, revoked])
        let today = day("2026-06-01")
        #expect(book.live(uscc: live.uscc, bankCode: "CQRCB", purpose: .score, reference: "R", on: today)?.id == 1)
        #expect(book.live(uscc: live.uscc, bankCode: "CQRCB", purpose: .profile, reference: "R", on: today) == nil)
        #expect(book.live(uscc: live.uscc, bankCode: "CQRCB", purpose: .score, reference: "r", on: today) == nil)
        #expect(book.live(uscc: live.uscc, bankCode: "ICBC", purpose: .score, reference: "R", on: today) == nil)
        #expect(
            book.live(uscc: "91500112MA5U00002L", bankCode: "CQRCB", purpose: .score, reference: "R", on: today) == nil)
        #expect(
            book.live(uscc: live.uscc, bankCode: "CQRCB", purpose: .score, reference: "R", on: day("2025-12-31")) == nil
        )
        #expect(book.count == 1)
    }
}
