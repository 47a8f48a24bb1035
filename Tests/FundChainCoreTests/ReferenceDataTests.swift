import Foundation
import Testing

@testable import FundChainCore

@Suite struct ReferenceDataTests {
    @Test func industryCodes() throws {
        let c36 = try IndustryCode("C36")
        #expect(c36.name == "汽车制造业")
        #expect(c36.level == .division)
        #expect(try IndustryCode("c3670").division == c36)
        #expect(try IndustryCode("C3670").section.code == "C")
        #expect(throws: IndustryCode.UnknownCodeError.self) { try IndustryCode("C99") }
        #expect(IndustryCode.allDivisions.count == 97)
        #expect(IndustryCode.allDivisions.map { IndustryCode.classes(of: $0).count }.reduce(0, +) == 1380)
    }

    @Test func regionCodes() throws {
        #expect(RegionCode.allDistricts.count == 38)
        #expect(RegionCode.allTowns.count == 1031)
        let yuzhong = try RegionCode("500103")
        #expect(yuzhong.name == "渝中区")
        let town = try #require(RegionCode.towns(of: yuzhong).first)
        #expect(town.level == .town)
        #expect(town.district == yuzhong)
        #expect(town.city == .chongqing)
        #expect(throws: RegionCode.UnknownCodeError.self) { try RegionCode("110101001") }
    }
}
