import FundChainCore

/// Validates `firms.csv` rows: `uscc,name,industry,region,founded_on[,core]`.
public struct FirmRowValidator: Sendable {
    public static let required = ["uscc", "name", "industry", "region", "founded_on"]
    public static let optional = ["core"]
    enum Column: Int { case uscc, name, industry, region, foundedOn, core }

    public let header: Header
    static let names = required + optional

    public init(header row: borrowing CSVRow, file: String) throws(IngestError) {
        header = try Header(row, required: Self.required, optional: Self.optional, file: file)
    }

    public func validate(_ row: borrowing CSVRow) -> Result<Firm, RowReject> {
        let ctx = RowContext(row, header: header, names: Self.names, maskedColumns: [])
        if let reject = ctx.checkRow() { return .failure(reject) }
        do throws(RowReject) {
            let uscc = try ctx.uscc(Column.uscc.rawValue)
            let name = try ctx.required(Column.name.rawValue, maxLength: 200)
            let industryText = try ctx.required(Column.industry.rawValue)
            guard let industry = try? IndustryCode(industryText), industry.level != .section else {
                throw
                    ctx.reject(
                        Column.industry.rawValue, .unknownIndustry,
                        "industry '\(industryText)' is not a GB/T 4754-2017 division or class")
            }
            let regionText = try ctx.required(Column.region.rawValue)
            guard let region = try? RegionCode(regionText), region.level == .town else {
                throw
                    ctx.reject(
                        Column.region.rawValue, .unknownRegion,
                        "region '\(regionText)' is not a Chongqing town/street code")
            }
            let founded = try ctx.date(Column.foundedOn.rawValue)
            let core = try ctx.flag(Column.core.rawValue)
            return .success(
                Firm(uscc: uscc, name: name, industry: industry, region: region, foundedOn: founded, isCore: core))
        } catch {
            return .failure(error)
        }
    }
}
