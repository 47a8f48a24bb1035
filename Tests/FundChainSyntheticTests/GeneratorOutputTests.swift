import Foundation
import FundChainCore
import FundChainSynthetic
import Testing

/// Reads a small generation back and checks the file contract independently of the generator:
/// each row is validated here by its own rules, and the counts compared with the manifest.
@Suite struct GeneratorOutputTests {
    /// `[A-Z0-9]{2,12}`.
    static func isBankCode(_ s: String) -> Bool {
        (2...12).contains(s.count)
            && s.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    @Test(arguments: [UInt64(7), 2_024])
    func firmsAreValidAndDirtyCountsMatch(seed: UInt64) throws {
        let data = try GeneratedDataset.make(firms: 300, months: 3, seed: seed)
        defer { data.remove() }
        let rows = try data.rows("firms.csv")
        #expect(rows[0].fields == ["uscc", "name", "industry", "region", "founded_on", "core"])
        var malformed = 0, badIndustry = 0, badRegion = 0, clean = 0
        var names: Set<String> = [], codes: Set<String> = []
        var coreDivisions: Set<String> = []
        for (_, f) in rows.dropFirst() {
            #expect(f.count == 6)
            guard let code = try? USCC(f[0]), f[0] == code.code else { malformed += 1; continue }
            guard let industry = try? IndustryCode(f[2]), industry.level == .class else { badIndustry += 1; continue }
            guard let region = try? RegionCode(f[3]), region.level == .town else { badRegion += 1; continue }
            clean += 1
            #expect(f[0].hasPrefix("91"))
            #expect(code.registrationRegion == f[3].prefix(6), "USCC region \(f[0]) vs town \(f[3])")
            #expect((try? CalendarDate(parsing: f[4])) != nil)
            #expect(f[5] == "0" || f[5] == "1")
            #expect(f[1].hasPrefix("重庆") && f[1].hasSuffix("公司"))
            #expect(codes.insert(f[0]).inserted, "duplicate USCC \(f[0])")
            #expect(names.insert(f[1]).inserted, "duplicate name \(f[1])")
            if f[5] == "1" { coreDivisions.insert(String(f[2].prefix(3))) }
        }
        let counts = try #require(data.manifest.files["firms.csv"])
        #expect(clean == 300 && counts.clean == 300)
        #expect(malformed == counts.dirty["malformed_uscc"])
        #expect(badIndustry == counts.dirty["unknown_industry"])
        #expect(badRegion == counts.dirty["unknown_region"])
        #expect(rows.count - 1 == counts.rows)
        #expect(coreDivisions == ["C36", "C39"], "core enterprises are automakers and electronics makers")
    }

    @Test(arguments: [UInt64(11)])
    func accountsAreValidAndDirtyCountsMatch(seed: UInt64) throws {
        let data = try GeneratedDataset.make(firms: 300, months: 3, seed: seed)
        defer { data.remove() }
        let firms = Set(try data.rows("firms.csv").dropFirst().map { $0.fields[0] }.filter { (try? USCC($0)) != nil })
        let rows = try data.rows("accounts.csv")
        #expect(rows[0].fields == ["bank_code", "account_no", "uscc", "opened_on", "currency"])
        var unknownFirm = 0, badDate = 0, badCurrency = 0
        var numbers: Set<String> = []
        var banksByFirm: [String: Set<String>] = [:]
        for (_, f) in rows.dropFirst() {
            #expect(Self.isBankCode(f[0]))
            #expect((16...19).contains(f[1].count) && f[1].allSatisfy(\.isASCII) && f[1].allSatisfy(\.isNumber))
            #expect(numbers.insert(f[0] + "/" + f[1]).inserted, "account numbers are unique per bank")
            guard firms.contains(f[2]) else { unknownFirm += 1; continue }
            guard (try? CalendarDate(parsing: f[3])) != nil, f[3].count == 10 else { badDate += 1; continue }
            guard f[4] == "CNY" else { badCurrency += 1; continue }
            banksByFirm[f[2], default: []].insert(f[0])
        }
        let counts = try #require(data.manifest.files["accounts.csv"])
        #expect(unknownFirm == counts.dirty["unknown_firm"])
        #expect(badDate == counts.dirty["bad_opened_on"])
        #expect(badCurrency == counts.dirty["bad_currency"])
        #expect(banksByFirm.count == 300, "every firm has an account")
        #expect(banksByFirm.values.allSatisfy { (1...6).contains($0.count) })
        let share13 = Double(banksByFirm.values.filter { (1...3).contains($0.count) }.count) / 300
        #expect(share13 > 0.97, "all but the core firms bank with 1–3 banks")
    }

    @Test(arguments: [UInt64(3), 99])
    func plantedRingsAndOutcomesReferToFirms(seed: UInt64) throws {
        let data = try GeneratedDataset.make(firms: 400, months: 4, seed: seed)
        defer { data.remove() }
        let firms = Set(try data.rows("firms.csv").dropFirst().map { $0.fields[0] })
        let outcomes = try data.rows("outcomes.csv")
        #expect(outcomes[0].fields == ["uscc", "defaulted"])
        #expect(outcomes.count - 1 == 400)
        #expect(outcomes.dropFirst().allSatisfy { firms.contains($0.fields[0]) && ["0", "1"].contains($0.fields[1]) })
        let planted = try data.rows("planted.csv")
        #expect(planted[0].fields == ["ring_id", "kind", "members", "amount_yuan", "period_days", "source", "sink"])
        #expect(planted.dropFirst().contains { $0.fields[1] == "circular" })
        #expect(planted.dropFirst().contains { $0.fields[1] == "shell" })
        for (_, f) in planted.dropFirst() {
            let members = f[2].split(separator: ">").map(String.init)
            #expect(members.allSatisfy(firms.contains))
            #expect(f[1] == "circular" ? members.count >= 3 : members.count >= 1)
            #expect((try? Money(parsing: f[3]))?.fen ?? 0 > 0)
        }
    }
}
