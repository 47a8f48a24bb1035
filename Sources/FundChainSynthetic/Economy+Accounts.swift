import FundChainCore

extension Economy {
    /// Opens 1–3 accounts per firm at distinct covered banks (2–3 for large firms, 4–6 for cores),
    /// the first near the founding date (the main account, which carries most flows).
    mutating func buildAccounts(_ rng0: SeededGenerator) {
        var rng = rng0
        var serialByBank = [Int](repeating: 0, count: BankCatalog.covered.count)
        let windowStart = calendar.start.daysSinceEpoch
        for i in 0..<firmCount {
            let count: Int
            if role[i].isCore {
                count = rng.int(in: 4...6)
            } else if revenue[i] > 5e6 {
                count = rng.chance(0.6) ? 2 : 3
            } else {
                let u = rng.nextUnit()
                count = u < 0.62 ? 1 : (u < 0.92 ? 2 : 3)
            }
            var chosen: [Int] = []
            while chosen.count < count {
                let b = rng.pick(cumulative: BankCatalog.coveredCumulative)
                if !chosen.contains(b) { chosen.append(b) }
            }
            let foundedDay = founded[i].daysSinceEpoch
            for (k, b) in chosen.enumerated() {
                serialByBank[b] += 1
                accountNumbers.append(bytes: BankCatalog.accountNumber(bank: b, classDigit: 1, serial: serialByBank[b]))
                accountBank.append(UInt8(b))
                accountFirm.append(Int32(i))
                let span = max(1, windowStart - foundedDay - 1)
                let opened = k == 0 ? foundedDay + min(span - 1, rng.int(in: 0...30)) : foundedDay + rng.below(span)
                accountOpened.append(CalendarDate(daysSinceEpoch: min(opened, windowStart - 1)))
            }
            accountStart.append(Int32(accountBank.count))
        }
    }

    /// Joins the account fields every statement row repeats, once, so the writer appends two
    /// fragments instead of six fields.
    mutating func buildRowFragments() {
        for a in 0..<accountBank.count {
            let bank = BankCatalog.codeBytes[Int(accountBank[a])]
            let number = Array(accountNumbers[a])
            accountHolderFields.append(bytes: bank + [UInt8(ascii: ",")] + number)
            accountCounterpartyFields.append(
                bytes: number + [UInt8(ascii: ",")] + Array(names[Int(accountFirm[a])]) + [UInt8(ascii: ",")] + bank)
        }
    }
}
