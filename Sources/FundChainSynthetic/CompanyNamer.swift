import FundChainCore

/// Realistic, unique Chinese company names: 重庆 + (district) + brand + industry word + 有限公司,
/// e.g. 重庆渝北恒达汽车零部件有限公司.
struct CompanyNamer {
    static let brandFirst: [String] = Array(
        "恒鑫博华盛宏瑞金永泰嘉隆汇天安弘兴中海新宇达润正通佳合德信和丰荣腾凯利捷创远明长庆渝巴山江川蜀峰锦联同昌茂旭晟源诚顺祥益康福乾坤鼎耀"
    ).map(String.init)
    static let brandSecond: [String] = Array(
        "达源盛通泰华信诚德利丰茂祥隆兴昌发鑫瑞宏恒远航翔宇辉凯锐驰博创智科成安康美佳豪威龙峰川江海城程阳光润林"
    ).map(String.init)
    static let outsideCities = [
        "成都", "上海", "深圳", "广州", "武汉", "西安", "贵阳", "昆明", "长沙", "苏州", "宁波", "天津", "北京", "郑州", "杭州",
    ]

    private var used: Set<String> = []

    /// The short form of a district name used inside company names (渝北区 → 渝北, 石柱土家族自治县 → 石柱).
    static func shortName(ofDistrict name: String) -> String {
        if name.hasSuffix("自治县") { return String(name.prefix(2)) }
        if name.count <= 2 { return name }
        if name.hasSuffix("区") || name.hasSuffix("县") { return String(name.dropLast()) }
        return name
    }

    /// A fresh name; `place` is the city or district part after the province prefix.
    mutating func name(
        prefix: String, place: String, word: String, suffix: String, _ rng: inout SeededGenerator
    ) -> String {
        for attempt in 0..<64 {
            let brand =
                Self.brandFirst[rng.below(Self.brandFirst.count)] + Self.brandSecond[rng.below(Self.brandSecond.count)]
            let extra = attempt < 16 ? "" : Self.brandSecond[rng.below(Self.brandSecond.count)]
            let candidate = prefix + place + brand + extra + word + suffix
            if used.insert(candidate).inserted { return candidate }
        }
        // Practically unreachable: fall back to a numbered branch name, still unique.
        var n = 2
        while true {
            let candidate = prefix + place + word + "第\(n)" + suffix
            if used.insert(candidate).inserted { return candidate }
            n += 1
        }
    }

    /// A covered firm's name.
    mutating func firmName(district: String, role: EconomyRole, _ rng: inout SeededGenerator) -> String {
        let words = role.profile.nameWords
        let word = words[rng.below(words.count)]
        let place: String
        if role.isCore {
            place = ""
        } else if rng.chance(0.08) && (district == "渝北" || district == "江北" || district == "北碚") {
            place = "两江"
        } else {
            place = rng.chance(0.55) ? district : ""
        }
        let suffix = role.isCore ? "股份有限公司" : (rng.chance(0.1) ? "有限责任公司" : "有限公司")
        return name(prefix: "重庆", place: place, word: word, suffix: suffix, &rng)
    }
}
