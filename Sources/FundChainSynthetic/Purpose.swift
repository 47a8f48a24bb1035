/// Statement purpose texts (摘要/用途), as bytes for the writer.
enum Purpose: Int, CaseIterable, Sendable {
    case goods, materials, freight, serviceFee, consulting, softwareFee, salary, tax, socialInsurance
    case electricity, water, gas, telecom, rent, loanRepayment, loanDrawdown, settlement, construction
    case fuel, interCompany, designFee

    var text: String {
        switch self {
        case .goods: "货款"
        case .materials: "材料款"
        case .freight: "运费"
        case .serviceFee: "服务费"
        case .consulting: "咨询费"
        case .softwareFee: "技术服务费"
        case .salary: "工资"
        case .tax: "税款"
        case .socialInsurance: "社保费"
        case .electricity: "电费"
        case .water: "水费"
        case .gas: "燃气费"
        case .telecom: "通讯费"
        case .rent: "租金"
        case .loanRepayment: "还款"
        case .loanDrawdown: "贷款发放"
        case .settlement: "收单清算款"
        case .construction: "工程款"
        case .fuel: "燃油费"
        case .interCompany: "往来款"
        case .designFee: "设计费"
        }
    }

    static let bytes: [[UInt8]] = allCases.map { Array($0.text.utf8) }

    /// What a payer writes when paying a supplier of `role`.
    static func forSupplier(_ role: EconomyRole, payer: EconomyRole) -> Purpose {
        switch role {
        case .logistics: .freight
        case .businessService: .serviceFee
        case .technicalService: payer == .builder ? .designFee : .consulting
        case .software: .softwareFee
        case .buildingMaterials: .materials
        default: payer == .builder ? .materials : .goods
        }
    }
}
