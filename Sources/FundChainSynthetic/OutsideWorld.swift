import FundChainCore

/// Counterparties outside the covered accounts: tax bureaus, utilities, payroll batches, loan
/// accounts, payment processors, and firms outside the region (suppliers, buyers, developers,
/// landlords). Their account numbers use class digit 9 and never collide with covered ones.
struct OutsideWorld: Sendable {
    /// Names, banks (index into `BankCatalog.all`) and account numbers, by entity.
    private(set) var names = ByteTable()
    private(set) var banks: [UInt8] = []
    private(set) var accounts = ByteTable()
    /// `account_no,name,bank_code` of each entity, as written in a counterparty column.
    private(set) var counterpartyFields = ByteTable()

    /// Entity index ranges by kind.
    private(set) var taxBureauByDistrict: [String: Int] = [:]
    private(set) var socialInsurance = 0
    private(set) var power = 0
    private(set) var water = 0
    private(set) var gas = 0
    private(set) var telecom = 0
    private(set) var fuel = 0
    /// One payroll batch account and one loan account per covered bank, indexed by bank.
    private(set) var payrollByBank: [Int] = []
    private(set) var loanByBank: [Int] = []
    private(set) var processors: Range<Int> = 0..<0
    private(set) var suppliers: Range<Int> = 0..<0
    private(set) var buyers: Range<Int> = 0..<0
    private(set) var developers: Range<Int> = 0..<0
    private(set) var landlords: Range<Int> = 0..<0

    private var serialByBank: [Int] = Array(repeating: 0, count: BankCatalog.all.count)

    var count: Int { banks.count }

    private mutating func add(_ name: String, bank: Int) -> Int {
        names.append(name)
        banks.append(UInt8(bank))
        serialByBank[bank] += 1
        let number = BankCatalog.accountNumber(bank: bank, classDigit: 9, serial: serialByBank[bank])
        accounts.append(bytes: number)
        counterpartyFields.append(
            bytes: number + [UInt8(ascii: ",")] + Array(name.utf8) + [UInt8(ascii: ",")] + BankCatalog.codeBytes[bank])
        return count - 1
    }

    private mutating func pool(
        _ n: Int, _ namer: inout CompanyNamer, _ rng: inout SeededGenerator,
        prefix: (inout SeededGenerator) -> (String, String), words: [String]
    ) -> Range<Int> {
        let first = count
        for _ in 0..<n {
            let (p, place) = prefix(&rng)
            let name = namer.name(prefix: p, place: place, word: words[rng.below(words.count)], suffix: "有限公司", &rng)
            _ = add(name, bank: rng.below(BankCatalog.all.count - 1))  // any bank but the treasury
        }
        return first..<count
    }

    init(firms: Int, namer: inout CompanyNamer, _ rng: inout SeededGenerator) {
        let treasury = BankCatalog.all.firstIndex { $0.code == "PBOC" }!
        for district in RegionCode.allDistricts {
            taxBureauByDistrict[district.code] = add("国家税务总局重庆市\(district.name)税务局", bank: treasury)
        }
        socialInsurance = add("重庆市社会保险事务中心", bank: treasury)
        power = add("国网重庆市电力公司", bank: 1)
        water = add("重庆水务集团股份有限公司", bank: 2)
        gas = add("重庆燃气集团股份有限公司", bank: 5)
        telecom = add("中国移动通信集团重庆有限公司", bank: 1)
        fuel = add("中国石化销售股份有限公司重庆石油分公司", bank: 1)
        for (b, bank) in BankCatalog.covered.enumerated() {
            payrollByBank.append(add("\(bank.name)代发工资专户", bank: b))
            loanByBank.append(add("\(bank.name)重庆分行贷款核算户", bank: b))
        }
        let p0 = count
        for name in ["银联商务股份有限公司", "财付通支付科技有限公司", "支付宝（中国）网络技术有限公司", "拉卡拉支付股份有限公司"] {
            _ = add(name, bank: rng.below(BankCatalog.covered.count))
        }
        processors = p0..<count
        let scale = 200 + firms / 40
        let city = { (r: inout SeededGenerator) -> (String, String) in (Self.outsideCity(&r), "") }
        suppliers = pool(
            scale, &namer, &rng, prefix: city,
            words: ["钢铁", "化工", "有色金属", "电子材料", "石油化工", "塑胶原料", "特种钢材", "铝业", "芯片科技"])
        buyers = pool(
            scale, &namer, &rng, prefix: city,
            words: ["汽车销售", "电子商务", "商贸", "进出口贸易", "供应链管理", "汽车贸易", "电子科技"])
        developers = pool(
            scale / 4 + 10, &namer, &rng, prefix: { _ in ("重庆", "") },
            words: ["城市建设投资", "置业", "房地产开发", "交通建设投资", "城市更新发展"])
        landlords = pool(
            scale / 4 + 10, &namer, &rng, prefix: { _ in ("重庆", "") },
            words: ["物业管理", "资产管理", "产业园管理", "商业管理"])
    }

    static func outsideCity(_ rng: inout SeededGenerator) -> String {
        CompanyNamer.outsideCities[rng.below(CompanyNamer.outsideCities.count)]
    }

    /// A random entity of `range`, skewed toward its first members (a few big suppliers).
    @inline(__always)
    func pick(_ range: Range<Int>, _ rng: inout SeededGenerator) -> Int {
        let u = rng.nextUnit()
        return range.lowerBound + Int(Double(range.count) * u * u)
    }
}
