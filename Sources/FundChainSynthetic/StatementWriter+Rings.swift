import FundChainCore

extension StatementWriter {
    /// One month of the planted rings: circular rings send similar amounts round their members
    /// within days (1–2 cycles a month, a small fee kept at each hop); shell chains pass money
    /// from a real firm through shells to another real firm, keeping almost nothing.
    mutating func emitRings() {
        let cal = economy.calendar
        let m = month
        let monthFirst = cal.monthStarts[m], monthLast = cal.monthStarts[m + 1] - 1
        for ring in economy.rings where m >= ring.firstMonth {
            guard rng.chance(0.85) else { continue }  // not every month
            let path: [Int]
            switch ring.kind {
            case .circular: path = ring.members + [ring.members[0]]
            case .shell: path = [ring.source!] + ring.members + [ring.sink!]
            }
            let cycles =
                ring.kind == .circular && rng.chance(0.4) ? 2 : 1 + (ring.kind == .shell && rng.chance(0.5) ? 1 : 0)
            for _ in 0..<cycles {
                let latest = max(monthFirst, monthLast - ring.periodDays)
                var day = monthFirst + rng.below(latest - monthFirst + 1)
                var amount = Double(ring.amountFen) * rng.uniform(0.97, 1.03)
                for hop in 0..<(path.count - 1) {
                    let payer = economy.accounts(of: path[hop]).lowerBound
                    let payee = economy.accounts(of: path[hop + 1]).lowerBound
                    let purpose: Purpose = rng.chance(0.6) ? .goods : (rng.chance(0.5) ? .interCompany : .serviceFee)
                    transfer(from: payer, to: payee, day: day, fen: max(100, Int64(amount)), purpose: purpose)
                    amount *= ring.kind == .circular ? 1 - rng.uniform(0.001, 0.008) : 1 - rng.uniform(0.002, 0.01)
                    day = min(monthLast, day + ring.lags[hop % ring.lags.count])
                }
            }
        }
    }
}
