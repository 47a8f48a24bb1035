import Foundation
import FundChainCore

extension Economy {
    /// Relative weight of each district for firm locations: the main urban districts and the
    /// industrial districts dominate; every other district or county has weight 1.
    static let districtWeight: [String: Double] = [
        "500112": 14, "500105": 8, "500106": 8, "500107": 9, "500108": 6, "500103": 5, "500113": 6,
        "500109": 4, "500104": 2.5, "500102": 4, "500118": 4, "500116": 4, "500120": 3, "500117": 3,
        "500101": 4, "500115": 3, "500110": 2, "500111": 2, "500151": 2, "500153": 2,
    ]
    /// Where core enterprises sit (两江新区 in 渝北/江北, 西永 in 沙坪坝, 九龙坡, 巴南, 涪陵).
    static let coreDistricts = ["500112", "500105", "500106", "500107", "500113", "500102"]

    /// How many firms of each role: cores by count, shells as the ring plan needs, the rest by share.
    static func roleCounts(firms: Int, shells: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: EconomyRole.allCases.count)
        counts[Int(EconomyRole.autoCore.rawValue)] = max(2, firms / 12_500)
        counts[Int(EconomyRole.electronicsCore.rawValue)] = max(2, firms / 20_000)
        counts[Int(EconomyRole.shell.rawValue)] = shells
        let rest = firms - counts.reduce(0, +)
        precondition(rest > 0, "too few firms for the cores and planted rings")
        let total = RoleProfile.table.reduce(0) { $0 + $1.share }
        var assigned = 0
        var remainders: [(Double, Int)] = []
        for p in RoleProfile.table where p.share > 0 {
            let exact = Double(rest) * p.share / total
            counts[Int(p.role.rawValue)] = Int(exact)
            assigned += Int(exact)
            remainders.append((exact - Double(Int(exact)), Int(p.role.rawValue)))
        }
        remainders.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        for k in 0..<(rest - assigned) { counts[remainders[k % remainders.count].1] += 1 }
        return counts
    }

    mutating func buildFirms(shells: Int, namer: inout CompanyNamer, _ rng0: SeededGenerator) {
        var rng = rng0
        let n = config.firms
        var roles: [EconomyRole] = []
        for (r, c) in Self.roleCounts(firms: n, shells: shells).enumerated() {
            roles.append(contentsOf: repeatElement(EconomyRole(rawValue: UInt8(r))!, count: c))
        }
        for i in stride(from: roles.count - 1, to: 0, by: -1) { roles.swapAt(i, rng.below(i + 1)) }
        role = roles

        let districts = RegionCode.allDistricts
        var cumulative: [Double] = []
        var running = 0.0
        for d in districts {
            running += Self.districtWeight[d.code] ?? 1
            cumulative.append(running)
        }
        let townsByDistrict = districts.map { RegionCode.towns(of: $0) }
        let shortNames = districts.map { CompanyNamer.shortName(ofDistrict: $0.name) }
        let windowStart = calendar.start.daysSinceEpoch
        var usedUSCC: Set<String> = []
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

        for i in 0..<n {
            let r = roles[i]
            let p = r.profile
            var d = rng.pick(cumulative: cumulative)
            if r.isCore {
                let code = Self.coreDistricts[rng.below(Self.coreDistricts.count)]
                d = districts.firstIndex { $0.code == code }!
            }
            while townsByDistrict[d].isEmpty { d = rng.pick(cumulative: cumulative) }
            let towns = townsByDistrict[d]
            region.append(towns[rng.below(towns.count)].code)
            industry.append(p.classes[rng.below(p.classes.count)])
            names.append(namer.firmName(district: shortNames[d], role: r, &rng))

            var code: USCC
            repeat {
                var body = "91" + districts[d].code
                for _ in 0..<9 { body.append(alphabet[rng.below(alphabet.count)]) }
                code = USCC.withCheckCharacter(body: body)!
            } while !usedUSCC.insert(code.code).inserted
            uscc.append(code.code)

            // Sizes: lognormal body with a Pareto top; cores are an order of magnitude apart.
            var size = p.medianRevenue * rng.logNormal(sigma: r.isCore ? 0.6 : 1.1)
            if !r.isCore && r != .shell && rng.chance(0.03) { size *= min(200, rng.pareto(alpha: 1.3)) }
            revenue.append(max(size, 5_000))

            let ageDays: Int
            switch r {
            case .autoCore, .electronicsCore: ageDays = rng.int(in: 3_650...12_000)
            case .shell: ageDays = rng.int(in: 120...900)
            default: ageDays = 60 + Int(365 * min(30, -7 * log1p(-rng.nextUnit()) + 0.3 * log(1 + size / 1e6)))
            }
            founded.append(CalendarDate(daysSinceEpoch: windowStart - ageDays))
        }
    }
}
