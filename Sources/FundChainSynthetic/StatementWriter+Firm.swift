import Foundation
import FundChainCore

extension StatementWriter {
    /// One month of firm `i`'s statements: purchases from covered suppliers (both sides) and from
    /// outside, payroll, tax and social insurance, utilities, rent, loan service, and sales
    /// arriving from outside the covered accounts. Amounts scale with revenue, the month's
    /// seasonality, the firm's trend and its health; costs are sticky when inflows fall.
    mutating func emitFirm(_ i: Int) {
        let m = month
        if economy.isDormant(i, m) { return }  // defaulted inside the window: the accounts went quiet
        let r = economy.role[i]
        let p = r.profile
        let cal = economy.calendar
        let h = economy.health(i, m)
        let sigma = Double(economy.volatility[i]) * (1 + 1.5 * (1 - h))
        let base = economy.revenue[i] * cal.monthFactor[m] * exp(Double(economy.growth[i]) * Double(m))
        let costs = 0.45 + 0.55 * h
        let accounts = economy.accounts(of: i)
        let main = accounts.lowerBound
        func account(_ rng: inout SeededGenerator) -> Int {
            accounts.count == 1 || rng.chance(0.75) ? main : accounts.lowerBound + rng.below(accounts.count)
        }
        let district = String(economy.region[i].prefix(6))

        if r == .shell {
            emitShellUpkeep(i, main: main, district: district)
            return
        }

        // Purchases from covered suppliers, split across persistent relationships.
        let purchases = base * p.costs.purchases * costs
        for rel in economy.relations(of: i)
        where Int(economy.relationFrom[rel]) <= m && m < Int(economy.relationTo[rel]) {
            let s = Int(economy.relationSupplier[rel])
            if economy.isDormant(s, m) { continue }  // a supplier that went quiet after its default
            let hs = economy.health(s, m)
            if hs < 0.7 && rng.chance((0.7 - hs) * 0.8) { continue }  // orders moved away from a struggling supplier
            if rng.chance(0.12) { continue }  // no order this month
            let amount = purchases * Double(economy.relationShare[rel]) * (0.5 + 0.5 * hs) * rng.logNormal(sigma: sigma)
            let n = 1 + (amount > 5e6 ? 1 : 0) + (amount > 5e7 ? 2 : 0)
            let payee =
                economy.accounts(of: s).lowerBound + (rng.chance(0.8) ? 0 : rng.below(economy.accounts(of: s).count))
            let purpose = Purpose.forSupplier(economy.role[s], payer: r)
            for _ in 0..<n {
                transfer(
                    from: account(&rng), to: payee, day: cal.randomDay(month: m, &rng),
                    fen: Self.fen(amount / Double(n) * rng.uniform(0.8, 1.2)), purpose: purpose)
            }
        }

        // Purchases from outside the region (raw materials, fuel).
        let coveredShare = p.suppliers.reduce(0) { $0 + $1.1 }
        let outsideBuy = purchases * (1 - coveredShare) * rng.logNormal(sigma: sigma)
        let everyOther = outsideBuy < 2e5  // small buyers restock every other month
        let nOut =
            (everyOther && (i + m) % 2 == 0 ? 0 : 1) + (outsideBuy > 1e6 ? 1 : 0) + (outsideBuy > 1e7 ? 1 : 0)
            + (r.isCore ? 4 : 0)
        for _ in 0..<nOut {
            let fuel = r == .logistics && rng.chance(0.6)
            external(
                account: account(&rng), day: cal.randomDay(month: m, &rng), debit: true,
                fen: Self.fen(outsideBuy * (everyOther ? 2 : 1) / Double(max(1, nOut)) * rng.uniform(0.7, 1.3)),
                entity: fuel ? economy.outside.fuel : economy.outside.pick(economy.outside.suppliers, &rng),
                purpose: fuel ? .fuel : (r == .builder ? .materials : .goods))
        }

        emitOverheads(i, base: base, health: h, costs: costs, main: main, district: district)
        emitSales(i, base: base, health: h, sigma: sigma, main: main)
    }

    /// Payroll, tax, social insurance, utilities, rent and loan service.
    private mutating func emitOverheads(
        _ i: Int, base: Double, health h: Double, costs: Double, main: Int, district: String
    ) {
        let m = month
        let c = economy.role[i].profile.costs
        let cal = economy.calendar
        let calendarMonth = economy.calendar.start.addingMonths(m).month
        let mainBank = Int(economy.accountBank[main])
        let wageArrears = h < 0.5 && rng.chance(0.35)
        if !wageArrears {
            let bonus = calendarMonth == 1 ? 1.6 : 1.0  // year-end bonus before the Spring Festival
            external(
                account: main, day: cal.workingDay(month: m, dayOfMonth: Int(economy.payDay[i])), debit: true,
                fen: Self.fen(base * c.payroll * (0.85 + 0.15 * h) * bonus * rng.logNormal(sigma: 0.05)),
                entity: economy.outside.payrollByBank[mainBank], purpose: .salary)
        }
        let bureau = economy.outside.taxBureauByDistrict[district] ?? economy.outside.socialInsurance
        // General taxpayers file monthly; small-scale taxpayers (小规模纳税人) quarterly.
        let quarterly = economy.revenue[i] < 1e6
        if !quarterly || m % 3 == 0 {
            external(
                account: main, day: cal.workingDay(month: m, dayOfMonth: 15), debit: true,
                fen: Self.fen(base * h * c.tax * (quarterly ? 3 : 1) * rng.logNormal(sigma: 0.2)), entity: bureau,
                purpose: .tax)
        }
        if economy.revenue[i] > 1e6 || m % 3 == 1 {  // small firms settle social insurance quarterly
            external(
                account: main, day: cal.workingDay(month: m, dayOfMonth: 20), debit: true,
                fen: Self.fen(base * c.payroll * (economy.revenue[i] > 1e6 ? 0.28 : 0.84)),
                entity: economy.outside.socialInsurance, purpose: .socialInsurance)
        }
        let bimonthly = economy.revenue[i] < 2e5  // small users are billed every other month (双月抄表)
        if !bimonthly || (i + m) % 2 == 1 {
            external(
                account: main, day: cal.randomDay(month: m, &rng), debit: true,
                fen: Self.fen(base * c.utilities * costs * (bimonthly ? 1.4 : 0.7) * rng.logNormal(sigma: 0.15)),
                entity: economy.outside.power, purpose: .electricity)
        }
        if m % 3 == i % 3 {  // water, gas or telecom, billed quarterly
            let (entity, purpose): (Int, Purpose) =
                switch (i / 3) % 3 {
                case 0: (economy.outside.water, .water)
                case 1: (economy.outside.gas, .gas)
                default: (economy.outside.telecom, .telecom)
                }
            external(
                account: main, day: cal.randomDay(month: m, &rng), debit: true,
                fen: Self.fen(base * c.utilities * 0.9 * rng.logNormal(sigma: 0.2)), entity: entity, purpose: purpose)
        }
        // Rent: monthly for shops and offices, quarterly otherwise.
        let monthly = economy.role[i].profile.consumerFacing
        if monthly || m % 3 == i % 3 {
            let landlord = economy.outside.landlords.lowerBound + i % economy.outside.landlords.count
            external(
                account: main, day: cal.workingDay(month: m, dayOfMonth: 1 + i % 10), debit: true,
                fen: Self.fen(economy.revenue[i] * c.rent * (monthly ? 1 : 3)), entity: landlord, purpose: .rent)
        }
        if economy.hasLoan[i] {
            let loan = economy.outside.loanByBank[mainBank]
            if !(h < 0.4 && rng.chance(0.4)) {
                external(
                    account: main, day: cal.workingDay(month: m, dayOfMonth: 21), debit: true,
                    fen: Self.fen(economy.revenue[i] * 0.03), entity: loan, purpose: .loanRepayment)
            }
            if (i + m) % 12 == 0 && h > 0.6 {
                external(
                    account: main, day: cal.randomDay(month: m, &rng), debit: false,
                    fen: Self.fen(economy.revenue[i] * 0.4), entity: loan, purpose: .loanDrawdown)
            }
        }
    }

    /// Sales paid from outside the covered accounts: card and QR settlements for consumer-facing
    /// firms, progress payments from developers for builders, buyers outside the region otherwise.
    /// Outside sales fall faster than covered ones in distress (lost customers, concentration).
    private mutating func emitSales(_ i: Int, base: Double, health h: Double, sigma: Double, main: Int) {
        let r = economy.role[i]
        let p = r.profile
        let cal = economy.calendar
        let m = month
        guard economy.outsideSales[i] > 0 else { return }
        if h < 0.6 && rng.chance(0.6 - h) { return }  // a month with no outside receipts
        let sales = base / economy.revenue[i] * economy.outsideSales[i] * pow(h, 1.3) * rng.logNormal(sigma: sigma)
        if p.consumerFacing {
            let processor = economy.outside.processors.lowerBound + i % economy.outside.processors.count
            let n = 2 + min(4, Int(log10(max(1, sales / 2e4))))
            for _ in 0..<n {
                external(
                    account: main, day: cal.randomDay(month: m, &rng), debit: false,
                    fen: Self.fen(sales / Double(n) * rng.uniform(0.7, 1.3)), entity: processor, purpose: .settlement)
            }
        } else if r == .builder {
            guard rng.chance(0.7) else { return }  // progress payments are lumpy
            let developer = economy.outside.developers.lowerBound + (i * 7 + m / 4) % economy.outside.developers.count
            external(
                account: main, day: cal.randomDay(month: m, &rng), debit: false,
                fen: Self.fen(sales / 0.7), entity: developer, purpose: .construction)
        } else {
            let n = 1 + (sales > 2e6 ? 1 : 0) + (sales > 2e7 ? 1 : 0) + (r.isCore ? 8 : 0)
            let buyers = economy.outside.buyers
            for k in 0..<n {
                // A firm keeps its few outside buyers: the k-th buyer slot is fixed per firm.
                let buyer = buyers.lowerBound + (i &* 31 &+ (k % 3) &* 17) % buyers.count
                external(
                    account: main, day: cal.randomDay(month: m, &rng), debit: false,
                    fen: Self.fen(sales / Double(n) * rng.uniform(0.7, 1.3)), entity: buyer, purpose: .goods)
            }
        }
    }

    /// A shell firm's only own activity: a little tax, rent and (sometimes) a token payroll,
    /// enough to look alive; its volume is the pass-through the ring writer adds.
    private mutating func emitShellUpkeep(_ i: Int, main: Int, district: String) {
        let cal = economy.calendar
        let m = month
        let bureau = economy.outside.taxBureauByDistrict[district] ?? economy.outside.socialInsurance
        external(
            account: main, day: cal.workingDay(month: m, dayOfMonth: 15), debit: true,
            fen: Self.fen(economy.revenue[i] * 0.01 * rng.logNormal(sigma: 0.3)), entity: bureau, purpose: .tax)
        if i % 2 == 0 {
            external(
                account: main, day: cal.workingDay(month: m, dayOfMonth: 10), debit: true,
                fen: Self.fen(economy.revenue[i] * 0.1),
                entity: economy.outside.payrollByBank[Int(economy.accountBank[main])],
                purpose: .salary)
        }
        if m % 3 == 0 {
            external(
                account: main, day: cal.workingDay(month: m, dayOfMonth: 3), debit: true,
                fen: Self.fen(economy.revenue[i] * 0.15),
                entity: economy.outside.landlords.lowerBound + i % economy.outside.landlords.count,
                purpose: .rent)
        }
    }
}
