import Foundation
import FundChainCore

/// One supplier relationship while being built.
struct PendingRelation {
    var supplier: Int32
    var share: Float
    var from: UInt8
    var to: UInt8
}

extension Economy {
    /// Monthly probability that a relationship ends and the buyer moves to another supplier.
    static let churn = 0.025

    /// Chooses every firm's suppliers by role, with fitness-based preferential attachment
    /// (probability ∝ revenue^0.75, so large suppliers gather many customers) and persistence
    /// (a relationship lasts until it churns, ~2.5 % a month). Firms of a supplying role that no
    /// one chose are then attached to a customer, so every supplier has covered inflows.
    ///
    /// - Complexity: O(E log n) for E relationships.
    mutating func buildNetwork(_ rng0: SeededGenerator) {
        var rng = rng0
        let n = firmCount
        let months = config.months
        let roleCount = EconomyRole.allCases.count
        var members = [[Int32]](repeating: [], count: roleCount)
        for i in 0..<n where role[i] != .shell { members[Int(role[i].rawValue)].append(Int32(i)) }
        let cumulative: [[Double]] = members.map { list in
            var running = 0.0
            return list.map {
                running += pow(revenue[Int($0)], 0.75); return running
            }
        }
        var relations = [[PendingRelation]](repeating: [], count: n)
        var hasCustomer = [Bool](repeating: false, count: n)

        func draw(_ r: EconomyRole, excluding i: Int, _ rng: inout SeededGenerator) -> Int32? {
            let list = members[Int(r.rawValue)]
            guard !list.isEmpty else { return nil }
            for _ in 0..<8 {
                let s = list[rng.pick(cumulative: cumulative[Int(r.rawValue)])]
                if Int(s) != i { return s }
            }
            return nil
        }

        for i in 0..<n where role[i] != .shell {
            let p = role[i].profile
            let coveredWeight = p.suppliers.reduce(0) { $0 + $1.1 }
            guard coveredWeight > 0 else { continue }
            let total: Int
            if role[i].isCore {
                total = min(160, 30 + Int(revenue[i] / 2e7))
            } else {
                total = max(1, min(10, Int(1.2 + 1.1 * log(max(1, revenue[i] / 2e5)))))
            }
            for (supplierRole, weight) in p.suppliers {
                let expected = Double(total) * weight / coveredWeight
                var k = Int(expected.rounded())
                if k == 0 && rng.chance(expected) { k = 1 }
                guard k > 0 else { continue }
                var raw: [Double] = []
                var chosen: [Int32] = []
                for j in 0..<k {
                    guard let s = draw(supplierRole, excluding: i, &rng), !chosen.contains(s) else { continue }
                    chosen.append(s)
                    raw.append(pow(Double(j + 1), -0.9) * rng.logNormal(sigma: 0.3))
                }
                let sum = raw.reduce(0, +)
                for (s, w) in zip(chosen, raw) {
                    let share = Float(weight * w / sum)
                    // Persistence with churn: the slot's supplier changes now and then.
                    var current = s
                    var from = 0
                    for m in 1..<max(1, months) where rng.chance(Self.churn) {
                        guard let next = draw(supplierRole, excluding: i, &rng), !chosen.contains(next) else {
                            continue
                        }
                        relations[i].append(
                            PendingRelation(supplier: current, share: share, from: UInt8(from), to: UInt8(m)))
                        hasCustomer[Int(current)] = true
                        current = next
                        from = m
                    }
                    relations[i].append(
                        PendingRelation(supplier: current, share: share, from: UInt8(from), to: UInt8(months)))
                    hasCustomer[Int(current)] = true
                }
            }
        }

        // Customer roles of each role, to attach suppliers nobody chose.
        var customerRoles = [[(EconomyRole, Double)]](repeating: [], count: roleCount)
        for p in RoleProfile.table {
            for (s, w) in p.suppliers { customerRoles[Int(s.rawValue)].append((p.role, w)) }
        }
        for i in 0..<n where role[i] != .shell && !hasCustomer[i] {
            let candidates = customerRoles[Int(role[i].rawValue)].filter { !members[Int($0.0.rawValue)].isEmpty }
            guard !candidates.isEmpty else { continue }
            let (customerRole, weight) = candidates[rng.below(candidates.count)]
            guard let c = draw(customerRole, excluding: i, &rng) else { continue }
            let share = Float(weight * rng.uniform(0.05, 0.2))
            relations[Int(c)].append(PendingRelation(supplier: Int32(i), share: share, from: 0, to: UInt8(months)))
        }

        for i in 0..<n {
            for r in relations[i] {
                relationSupplier.append(r.supplier)
                relationShare.append(r.share)
                relationFrom.append(r.from)
                relationTo.append(r.to)
            }
            relationStart.append(Int32(relationSupplier.count))
        }
    }
}

extension Economy {
    /// Expected monthly payments each firm receives from covered customers, when all are healthy.
    /// - Complexity: O(n + E).
    func expectedCoveredInflow() -> [Double] {
        var inflow = [Double](repeating: 0, count: firmCount)
        let months = Double(max(1, config.months))
        for i in 0..<firmCount {
            let spend = revenue[i] * role[i].profile.costs.purchases * 0.88  // 12 % of months without an order
            for r in relations(of: i) {
                let active = Double(Int(relationTo[r]) - Int(relationFrom[r])) / months
                inflow[Int(relationSupplier[r])] += spend * Double(relationShare[r]) * active
            }
        }
        return inflow
    }

    /// Makes each firm's books roughly balance: a firm is at least as large as what its covered
    /// customers buy from it (two passes, so growth propagates up the chains), and its outside
    /// sales make up the rest of its revenue plus a 2 % margin (at least 5 % of revenue, at least
    /// the role's share for consumer-facing firms). Healthy firms then run small net inflows;
    /// distressed ones, whose inflows fall faster than their costs, run net outflows.
    mutating func balanceSales() {
        for _ in 0..<2 {
            let covered = expectedCoveredInflow()
            for i in 0..<firmCount where role[i] != .shell { revenue[i] = max(revenue[i], covered[i] / 0.95) }
        }
        let covered = expectedCoveredInflow()
        outsideSales = (0..<firmCount).map { i in
            let p = role[i].profile
            if role[i] == .shell { return 0 }
            let floor = revenue[i] * (p.consumerFacing ? p.outsideSales : 0.05)
            return max(floor, revenue[i] * 1.02 - covered[i])
        }
    }
}
