import FundChainCore

/// `--region CODE` and `--industry CODE`: a firm matches when its town code starts with the
/// region code (`50` city, 6-digit district, 9-digit town) and its industry class starts with
/// the industry code (section letter, division, group or class).
public struct ReportFilter: Sendable, Equatable {
    public var region: RegionCode?
    public var industry: IndustryCode?

    public init(region: RegionCode? = nil, industry: IndustryCode? = nil) {
        self.region = region
        self.industry = industry
    }

    public func matches(_ firm: ReportFirm) -> Bool {
        (region.map { firm.region.code.hasPrefix($0.code) } ?? true)
            && (industry.map { firm.industry.code.hasPrefix($0.code) } ?? true)
    }

    /// The report facts naming the filters in force.
    var facts: [Report.Fact] {
        var facts: [Report.Fact] = []
        if let region { facts.append(.init("region", "Region", "\(region.code) \(region.name)")) }
        if let industry { facts.append(.init("industry", "Industry", "\(industry.code) \(industry.name)")) }
        return facts
    }
}
