// Product matching benchmark: N seeded firms (55 feature columns in the build's layout, values
// spread so that every rule passes and fails for some) matched against the catalog in
// products/ (or --products DIR). Baseline in the same run: reading the same 14 columns per firm
// and nothing else, the floor for any matcher over the table. Prints CSV.
//
//   product-bench [--firms 100000] [--seed 7] [--products products]
import Foundation
import FundChainCore

var firms = 100_000
var seed: UInt64 = 7
var directory = "products"
var rest = CommandLine.arguments.dropFirst()
while let flag = rest.popFirst() {
    guard let value = rest.popFirst() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--firms": firms = Int(value)!
    case "--seed": seed = UInt64(value)!
    case "--products": directory = value
    default: fatalError("unknown option \(flag)")
    }
}

func run(firms: Int, seed: UInt64, directory: String) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
    let files = try names.map { (name: $0, yaml: try String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8)) }
    let catalog = try ProductCatalog.load(files: files)
    let matcher = ProductMatcher(catalog: catalog)

    // Seeded firms in the build's column layout.
    let layout = ProfileCatalog.definitions.map(\.name)
    let width = layout.count
    var rng = SeededGenerator(seed: seed)
    var values = [FeatureValue](repeating: .missing, count: firms * width)
    var facts: [FirmFacts] = []
    let grades = ProductCatalog.grades
    let industries = ["C3670", "C3982", "F5127", "C2929", "D4411", "G5430", "C3911", "I6510"]
    let regions = ["500112001", "500106002", "500101142", "500107003", "500113004"]
    func set(_ firm: Int, _ name: String, _ value: FeatureValue) { values[firm * width + ProfileCatalog.column[name]!] = value }
    for f in 0..<firms {
        let inflow = 12 * exp(log(20_000) + rng.nextUnit() * log(100.0))  // ¥240k … ¥24M a year
        set(f, "inflow_12m_yuan", .number(inflow))
        set(f, "inflow_monthly_mean_12m_yuan", .number(inflow / 12))
        set(f, "months_active_12m", .number(Double(6 + Int(rng.nextUnit() * 7))))
        set(f, "firm_age_years", .number(rng.nextUnit() * 10))
        set(f, "top1_customer_share", .number(rng.nextUnit()))
        set(f, "round_trip_ratio", .number(rng.nextUnit() * 0.2))
        set(f, "net_flow_ratio_12m", .number(rng.nextUnit() * 0.4 - 0.2))
        set(f, "chain_tier", rng.nextUnit() < 0.4 ? .missing : .number(Double(Int(rng.nextUnit() * 5))))
        set(f, "core_inflow_share", .number(rng.nextUnit() * 0.8))
        set(f, "is_core", .number(rng.nextUnit() < 0.01 ? 1 : 0))
        set(f, "debtrank_stress", .number(rng.nextUnit() * 0.5))
        set(f, "contagion_exposure", rng.nextUnit() < 0.05 ? .missing : .number(rng.nextUnit() * 0.5))
        let points = 500 + Int(rng.nextUnit() * 240)
        let grade = grades[min(8, max(0, (739 - points) / 30 - 0))]
        facts.append(
            FirmFacts(
                points: points, grade: grade, pd: 0.02, industry: industries[Int(rng.nextUnit() * 8)],
                region: regions[Int(rng.nextUnit() * 5)]))
    }

    // Baseline: read the 14 columns the matcher reads.
    let needed = ["inflow_monthly_mean_12m_yuan", "months_active_12m", "firm_age_years", "top1_customer_share",
        "round_trip_ratio", "core_inflow_share", "chain_tier", "debtrank_stress", "contagion_exposure",
        "industry_division", "district", "is_core", "inflow_12m_yuan", "net_flow_ratio_12m"].map { ProfileCatalog.column[$0]! }
    let clock = ContinuousClock()
    var checksum = 0.0
    let baseline = clock.measure {
        for f in 0..<firms { for c in needed { checksum += values[f * width + c].numericValue ?? 0 } }
    }
    var eligible = 0
    var failures = 0
    let matching = clock.measure {
        for f in 0..<firms {
            let result = matcher.match(firm: facts[f]) { values[f * width + $0] }
            eligible += result.eligible.count
            for m in result.ineligible { failures += m.failures.count }
        }
    }
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
    print("firms,products,eligible_per_firm,failures_per_firm,baseline_s,match_s,match_us_per_firm,ratio_to_baseline")
    print(
        [
            "\(firms)", "\(catalog.products.count)", String(format: "%.2f", Double(eligible) / Double(firms)),
            String(format: "%.2f", Double(failures) / Double(firms)), String(format: "%.4f", seconds(baseline)),
            String(format: "%.3f", seconds(matching)), String(format: "%.2f", seconds(matching) / Double(firms) * 1e6),
            String(format: "%.1f", seconds(matching) / seconds(baseline)),
        ].joined(separator: ","))
    FileHandle.standardError.write(Data("checksum \(checksum)\n".utf8))
}

try run(firms: firms, seed: seed, directory: directory)
