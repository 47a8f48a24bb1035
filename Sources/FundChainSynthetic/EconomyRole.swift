/// The part a firm plays in the regional economy: its industry classes, size, who it buys from
/// and who pays it. Chains: automotive (整车 → tier-1 → tier-2, dealers), electronics, food,
/// construction, trade, logistics and services. See docs/synthetic-data.md.
enum EconomyRole: UInt8, CaseIterable, Sendable {
    case autoCore, autoTier1, autoTier2, autoDealer
    case electronicsCore, electronicsTier1, electronicsTier2
    case foodMaker, farm, builder, buildingMaterials
    case wholesaler, retailer, logistics, businessService, technicalService, software
    case catering, machinery, householdService
    /// Shell and ring firms planted for the risk analytics; they look like trading or holding companies.
    case shell

    var isCore: Bool { self == .autoCore || self == .electronicsCore }

    var profile: RoleProfile { RoleProfile.table[Int(rawValue)] }
}

/// How a firm spends its revenue, as fractions of it (the rest is margin).
struct CostProfile: Sendable {
    var purchases: Double
    var payroll: Double
    var tax: Double
    var utilities: Double
    var rent: Double

    static let manufacturing = CostProfile(purchases: 0.68, payroll: 0.12, tax: 0.04, utilities: 0.03, rent: 0.015)
    static let trade = CostProfile(purchases: 0.82, payroll: 0.06, tax: 0.02, utilities: 0.008, rent: 0.03)
    static let construction = CostProfile(purchases: 0.60, payroll: 0.22, tax: 0.03, utilities: 0.01, rent: 0.01)
    static let service = CostProfile(purchases: 0.22, payroll: 0.45, tax: 0.05, utilities: 0.02, rent: 0.08)
    static let transport = CostProfile(purchases: 0.48, payroll: 0.30, tax: 0.03, utilities: 0.01, rent: 0.03)
}

/// The parameters of a role.
struct RoleProfile: Sendable {
    var role: EconomyRole
    /// GB/T 4754-2017 class codes the role's firms are registered under.
    var classes: [String]
    /// Share of the non-core firms (0 for cores, which are counted separately).
    var share: Double
    /// Median monthly revenue in yuan.
    var medianRevenue: Double
    /// Covered supplier roles and the share of purchases going to each; the rest goes outside.
    var suppliers: [(EconomyRole, Double)]
    /// Fraction of revenue arriving from the outside world (consumers, firms outside the region,
    /// developers and government for construction).
    var outsideSales: Double
    /// Outside sales arrive as card/QR settlements from payment processors (consumer-facing).
    var consumerFacing: Bool
    var costs: CostProfile
    /// Words that end the company name (before 有限公司).
    var nameWords: [String]
    /// Log-odds adjustment of the default probability.
    var risk: Double

    static let table: [RoleProfile] = [
        .init(
            role: .autoCore, classes: ["C3611", "C3612"], share: 0, medianRevenue: 6e8,
            suppliers: [(.autoTier1, 0.78), (.logistics, 0.06), (.technicalService, 0.02), (.software, 0.02)],
            outsideSales: 0.72, consumerFacing: false, costs: .manufacturing,
            nameWords: ["汽车", "汽车股份", "新能源汽车"], risk: -9),
        .init(
            role: .autoTier1, classes: ["C3670", "C3660", "C3620"], share: 0.020, medianRevenue: 2.5e6,
            suppliers: [(.autoTier2, 0.55), (.wholesaler, 0.08), (.logistics, 0.06), (.technicalService, 0.03)],
            outsideSales: 0.22, consumerFacing: false, costs: .manufacturing,
            nameWords: ["汽车零部件", "汽车配件", "车身部件", "动力科技"], risk: 0.1),
        .init(
            role: .autoTier2,
            classes: ["C3670", "C3391", "C3392", "C3393", "C2913", "C2929", "C3484", "C3482", "C3831", "C3813"],
            share: 0.045, medianRevenue: 6e5,
            suppliers: [(.wholesaler, 0.30), (.logistics, 0.05), (.machinery, 0.05)],
            outsideSales: 0.18, consumerFacing: false, costs: .manufacturing,
            nameWords: ["机械制造", "精密铸造", "橡塑制品", "五金制品", "电器"], risk: 0.25),
        .init(
            role: .autoDealer, classes: ["F5261", "F5263", "F5262"], share: 0.020, medianRevenue: 1.2e6,
            suppliers: [(.autoCore, 0.85), (.logistics, 0.02), (.businessService, 0.03)],
            outsideSales: 1.0, consumerFacing: true, costs: .trade,
            nameWords: ["汽车销售服务", "汽车贸易", "汽车服务"], risk: 0.2),
        .init(
            role: .electronicsCore, classes: ["C3911", "C3922", "C3912"], share: 0, medianRevenue: 4e8,
            suppliers: [(.electronicsTier1, 0.70), (.logistics, 0.05), (.software, 0.03), (.technicalService, 0.02)],
            outsideSales: 0.95, consumerFacing: false, costs: .manufacturing,
            nameWords: ["电子科技", "智能科技", "电脑"], risk: -9),
        .init(
            role: .electronicsTier1, classes: ["C3982", "C3981", "C3976", "C3974", "C3913", "C3983"], share: 0.015,
            medianRevenue: 2e6,
            suppliers: [(.electronicsTier2, 0.50), (.wholesaler, 0.10), (.logistics, 0.05), (.software, 0.03)],
            outsideSales: 0.28, consumerFacing: false, costs: .manufacturing,
            nameWords: ["电子", "光电科技", "电子元件", "微电子"], risk: 0.1),
        .init(
            role: .electronicsTier2, classes: ["C2929", "C3399", "C3985", "C3989", "C3839", "C2926"], share: 0.030,
            medianRevenue: 5e5,
            suppliers: [(.wholesaler, 0.30), (.logistics, 0.05), (.machinery, 0.03)],
            outsideSales: 0.25, consumerFacing: false, costs: .manufacturing,
            nameWords: ["塑胶制品", "电子材料", "精密五金", "包装材料"], risk: 0.25),
        .init(
            role: .foodMaker, classes: ["C1351", "C1353", "C1371", "C1392", "C1431", "C1462", "C1469", "C1411"],
            share: 0.040, medianRevenue: 7e5,
            suppliers: [(.farm, 0.45), (.wholesaler, 0.12), (.logistics, 0.06)],
            outsideSales: 0.45, consumerFacing: false, costs: .manufacturing,
            nameWords: ["食品", "调味品", "肉类加工", "火锅食品"], risk: 0.1),
        .init(
            role: .farm, classes: ["A0141", "A0153", "A0313", "A0321", "A0164", "A0171"], share: 0.030,
            medianRevenue: 2e5,
            suppliers: [(.wholesaler, 0.30)],
            outsideSales: 0.35, consumerFacing: false, costs: .construction,
            nameWords: ["农业开发", "生态农业", "种养殖", "果蔬专业"], risk: 0.3),
        .init(
            role: .builder, classes: ["E4710", "E4790", "E4813", "E4819", "E4910", "E4920", "E5011", "E5012"],
            share: 0.080, medianRevenue: 1.1e6,
            suppliers: [
                (.buildingMaterials, 0.35), (.wholesaler, 0.20), (.logistics, 0.04), (.technicalService, 0.05),
            ],
            outsideSales: 0.92, consumerFacing: false, costs: .construction,
            nameWords: ["建筑工程", "建设工程", "装饰工程", "市政工程", "机电安装工程"], risk: 0.45),
        .init(
            role: .buildingMaterials, classes: ["C3021", "C3022", "C3031", "C3033", "C3312", "C3071"], share: 0.030,
            medianRevenue: 6e5,
            suppliers: [(.wholesaler, 0.20), (.logistics, 0.10)],
            outsideSales: 0.30, consumerFacing: false, costs: .manufacturing,
            nameWords: ["建材", "新型建材", "混凝土", "门窗"], risk: 0.35),
        .init(
            role: .wholesaler,
            classes: ["F5164", "F5165", "F5172", "F5174", "F5175", "F5176", "F5121", "F5123", "F5127", "F5162"],
            share: 0.150, medianRevenue: 5e5,
            suppliers: [(.foodMaker, 0.15), (.buildingMaterials, 0.08), (.machinery, 0.10), (.logistics, 0.04)],
            outsideSales: 0.40, consumerFacing: false, costs: .trade,
            nameWords: ["商贸", "贸易", "物资", "供应链管理"], risk: 0.15),
        .init(
            role: .retailer, classes: ["F5212", "F5213", "F5223", "F5224", "F5226", "F5232", "F5272", "F5281"],
            share: 0.150, medianRevenue: 1.5e5,
            suppliers: [(.wholesaler, 0.45), (.foodMaker, 0.15), (.logistics, 0.02)],
            outsideSales: 1.0, consumerFacing: true, costs: .trade,
            nameWords: ["超市", "商贸", "百货", "便利店", "电器"], risk: 0.0),
        .init(
            role: .logistics, classes: ["G5431", "G5433", "G5437", "G5821", "G5810", "G5920", "G5910"], share: 0.060,
            medianRevenue: 4e5,
            suppliers: [(.wholesaler, 0.10), (.businessService, 0.04)],
            outsideSales: 0.45, consumerFacing: false, costs: .transport,
            nameWords: ["物流", "运输", "供应链", "仓储服务", "货运代理"], risk: 0.1),
        .init(
            role: .businessService, classes: ["L7211", "L7241", "L7231", "L7263", "L7259", "L7281", "L7299"],
            share: 0.070, medianRevenue: 1.5e5,
            suppliers: [(.software, 0.05), (.businessService, 0.05)],
            outsideSales: 0.55, consumerFacing: false, costs: .service,
            nameWords: ["企业管理咨询", "人力资源", "财务咨询", "广告传媒", "会展服务"], risk: -0.1),
        .init(
            role: .technicalService, classes: ["M7484", "M7482", "M7452", "M7491", "M7481"], share: 0.040,
            medianRevenue: 2.5e5,
            suppliers: [(.software, 0.05)],
            outsideSales: 0.50, consumerFacing: false, costs: .service,
            nameWords: ["工程设计", "检测技术", "工程咨询", "工业设计"], risk: -0.2),
        .init(
            role: .software, classes: ["I6513", "I6531", "I6532", "I6540", "I6560"], share: 0.040, medianRevenue: 2.5e5,
            suppliers: [(.businessService, 0.05)],
            outsideSales: 0.60, consumerFacing: false, costs: .service,
            nameWords: ["信息技术", "软件", "网络科技", "数字科技"], risk: -0.1),
        .init(
            role: .catering, classes: ["H6210", "H6220", "H6291", "H6232"], share: 0.070, medianRevenue: 1e5,
            suppliers: [(.farm, 0.20), (.wholesaler, 0.30), (.foodMaker, 0.20)],
            outsideSales: 1.0, consumerFacing: true, costs: .service,
            nameWords: ["餐饮管理", "火锅", "餐饮服务", "小面"], risk: 0.35),
        .init(
            role: .machinery, classes: ["C3484", "C3421", "C3453", "C3441", "C3491", "C3444"], share: 0.040,
            medianRevenue: 8e5,
            suppliers: [(.wholesaler, 0.30), (.logistics, 0.05)],
            outsideSales: 0.55, consumerFacing: false, costs: .manufacturing,
            nameWords: ["机械", "机电设备", "智能装备", "液压设备"], risk: 0.2),
        .init(
            role: .householdService, classes: ["O8040", "O8010", "O8030", "O8053"], share: 0.040, medianRevenue: 6e4,
            suppliers: [(.wholesaler, 0.20)],
            outsideSales: 1.0, consumerFacing: true, costs: .service,
            nameWords: ["美容美发", "家政服务", "洗涤服务", "养生馆"], risk: 0.3),
        .init(
            role: .shell, classes: ["F5181", "F5199", "L7212", "L7224", "L7299"], share: 0, medianRevenue: 5e4,
            suppliers: [], outsideSales: 0.8, consumerFacing: false, costs: .service,
            nameWords: ["商贸", "实业", "投资管理", "供应链管理", "贸易"], risk: 0),
    ]
}
