/// Turns a reason code into the facts behind it, in words a credit officer can check:
/// "top customer 重庆XX汽车 paid ¥1,204,300.00 of ¥1,543,000.00 inflow (78.0 %)".
struct ReasonEvidenceWriter {
    let table: ProfileTable

    func evidence(firm: Int, reason: Reason) -> [ReasonEvidence] {
        let facts = table.evidence[firm]
        var items: [ReasonEvidence] = []
        if let definition = ProfileCatalog.definition(reason.feature) {
            var text = "\(reason.feature) = \(FeatureFormat.text(reason.value, unit: definition.unit))"
            if let p = reason.peerPercentile {
                let division = table.firms[firm].industry.division ?? table.firms[firm].industry
                text += ", percentile \(FeatureFormat.decimal(p, places: 1)) among \(division.code) firms"
            }
            items.append(ReasonEvidence(kind: "value", text: text, value: reason.value.numericValue))
        }
        switch reason.feature {
        case "top1_customer_share", "top5_customer_share", "customer_hhi", "distinct_customers_12m",
            "new_customer_share_3m",
            "customer_churn_6m":
            for (rank, link) in facts.topCustomers.enumerated() {
                items.append(
                    flow(
                        "customer", "customer #\(rank + 1) \(name(link.firm)) paid", link.amount, of: facts.inflowTotal,
                        "inflow"))
            }
        case "top1_supplier_share", "supplier_hhi", "distinct_suppliers_12m":
            for (rank, link) in facts.topSuppliers.enumerated() {
                items.append(
                    flow(
                        "supplier", "supplier #\(rank + 1) \(name(link.firm)) received", link.amount,
                        of: facts.outflowTotal,
                        "outflow"))
            }
        case "chain_tier", "core_inflow_share":
            if facts.graph.chainPath.count > 1 {
                let path = facts.graph.chainPath.map { name($0) }.joined(separator: " ↔ ")
                items.append(ReasonEvidence(kind: "chain", text: "tier \(facts.graph.chainPath.count - 1): \(path)"))
            } else if facts.graph.chainPath.isEmpty {
                items.append(
                    ReasonEvidence(
                        kind: "chain",
                        text:
                            "no significant flow links it to a core enterprise within \(GraphFeatures.maxChainTier) hops"
                    ))
            }
            for link in facts.graph.corePayers {
                items.append(
                    flow(
                        "core_payer", "core enterprise \(name(link.firm)) paid", link.amount, of: facts.inflowTotal,
                        "inflow"))
            }
        case "round_trip_ratio", "cycle_participation":
            if !facts.graph.largestCycle.isEmpty {
                let ring = (facts.graph.largestCycle + [facts.graph.largestCycle[0]]).map { name($0) }.joined(
                    separator: " → ")
                items.append(
                    ReasonEvidence(
                        kind: "cycle",
                        text: "\(ring): smallest flow ¥\(Money(fen: facts.graph.largestCycleFlow).grouped)",
                        value: Money(fen: facts.graph.largestCycleFlow).yuan))
            }
        case "contagion_exposure", "debtrank_stress", "community_health", "neighbour_risk":
            for link in facts.graph.distressedCounterparties {
                items.append(
                    ReasonEvidence(
                        kind: "distressed_counterparty",
                        text:
                            "distressed counterparty \(name(link.firm)) exchanged ¥\(Money(fen: link.amount).grouped)",
                        value: Money(fen: link.amount).yuan))
            }
        case "days_since_last_inflow", "longest_inflow_gap_days", "months_active_12m":
            let text = facts.lastInflow.map { "last inflow on \($0)" } ?? "no inflow in the last 12 months"
            items.append(ReasonEvidence(kind: "last_inflow", text: text))
        default:
            break
        }
        return items
    }

    func name(_ firm: Int32) -> String { table.firms[Int(firm)].name }

    func flow(_ kind: String, _ who: String, _ amount: Int64, of total: Int64, _ what: String) -> ReasonEvidence {
        let share = total > 0 ? " (\(FeatureFormat.decimal(100 * Double(amount) / Double(total), places: 1)) %)" : ""
        return ReasonEvidence(
            kind: kind, text: "\(who) ¥\(Money(fen: amount).grouped) of ¥\(Money(fen: total).grouped) \(what)\(share)",
            value: Money(fen: amount).yuan)
    }
}

/// How feature values read in evidence and reports.
public enum FeatureFormat {
    /// The value with its unit: yuan with thousands separators, ratios as percentages, counts
    /// as integers.
    public static func text(_ value: FeatureValue, unit: String) -> String {
        guard case .number(let x) = value, !x.isNaN else { return value.description }
        switch unit {
        case "yuan", "yuan/month": return "¥" + Money(fen: Int64((x * 100).rounded())).grouped
        case "ratio": return decimal(100 * x, places: 1) + " %"
        case "days", "months", "firms", "cycles", "hops":
            return decimal(x, places: 0) + " " + (x == 1 ? String(unit.dropLast()) : unit)
        case "0/1": return decimal(x, places: 0)
        case "years": return decimal(x, places: 1) + " years"
        case let u where u.hasPrefix("percentile"): return "P" + decimal(x, places: 1)
        default: return decimal(x, places: 4)
        }
    }

    /// `x` rounded to `places` decimals, without exponent notation.
    public static func decimal(_ x: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (x * scale).rounded()
        let negative = scaled < 0
        let magnitude = Int64(abs(scaled))
        let whole = magnitude / Int64(scale)
        let fraction = magnitude % Int64(scale)
        var text = (negative ? "-" : "") + String(whole)
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return text
    }
}
