import Foundation
import FundChainCore
import FundChainSynthetic
import Testing

/// Validates transactions.csv row by row with rules written here (the contract), classifies the
/// invalid rows, and checks that every covered transfer appears on both sides.
@Suite struct TransactionFileTests {
    static let header = [
        "bank_code", "account_no", "txn_ref", "booked_at", "direction", "amount", "currency",
        "counterparty_account", "counterparty_name", "counterparty_bank", "purpose",
    ]

    /// A clean entry, reduced to what matching needs.
    struct Entry: Hashable {
        let account: String  // bank/account_no
        let counterparty: String
        let fen: Int64
        let day: Int
        let debit: Bool
    }

    /// Why a row is invalid, in the order a validator checks; `nil` for a valid row.
    static func defect(_ f: [String], accounts: Set<String>, from: CalendarDate, to: CalendarDate) -> String? {
        if f[2].isEmpty { return "missing_txn_ref" }
        guard let money = try? Money(parsing: f[5]), money.fen > 0, f[5].wholeMatch(of: /[0-9]+\.[0-9]{2}/) != nil
        else { return "bad_amount" }
        guard f[3].count == 10, let date = try? CalendarDate(parsing: f[3]), date >= from, date <= to else {
            return "bad_date"
        }
        guard f[4] == "D" || f[4] == "C" else { return "bad_direction" }
        guard f[6] == "CNY" else { return "bad_currency" }
        guard accounts.contains(f[0] + "/" + f[1]) else { return "unknown_account" }
        return nil
    }

    @Test(arguments: [UInt64(5), 31_337])
    func rowsValidateTransfersPairAndCountsMatch(seed: UInt64) throws {
        let data = try GeneratedDataset.make(firms: 300, months: 3, seed: seed, dirtyRate: 0.01)
        defer { data.remove() }
        let accountRows = try data.rows("accounts.csv").dropFirst()
        let accounts = Set(
            accountRows.filter { $0.fields[4] == "CNY" && $0.fields[3].count == 10 }.map {
                $0.fields[0] + "/" + $0.fields[1]
            })
        let from = try CalendarDate(parsing: data.manifest.dateFrom),
            to = try CalendarDate(parsing: data.manifest.dateTo)
        #expect(data.manifest.dateFrom == "2025-09-01" && data.manifest.dateTo == "2025-11-30")

        let rows = try data.rows("transactions.csv")
        #expect(rows[0].fields == Self.header)
        var defects: [String: Int] = [:]
        var seen: Set<String> = [], rawSeen: [String: [String]] = [:]
        var clean: [Entry] = []
        var outsideAccounts: Set<String> = []
        for (line, f) in rows.dropFirst() {
            #expect(f.count == 11, "line \(line)")
            let key = f[0] + "|" + f[2]
            if !f[2].isEmpty && !seen.insert(key).inserted {
                #expect(rawSeen[key] == f, "a repeated reference is an exact duplicate (line \(line))")
                defects["duplicate", default: 0] += 1
                continue
            }
            rawSeen[key] = f
            if let d = Self.defect(f, accounts: accounts, from: from, to: to) {
                defects[d, default: 0] += 1
                continue
            }
            #expect(!f[8].isEmpty && !f[9].isEmpty && !f[10].isEmpty)
            let cp = f[9] + "/" + f[7]
            if !accounts.contains(cp) { outsideAccounts.insert(cp) }
            let fen = try Money(parsing: f[5]).fen
            clean.append(
                Entry(
                    account: f[0] + "/" + f[1], counterparty: cp, fen: fen,
                    day: try CalendarDate(parsing: f[3]).daysSinceEpoch, debit: f[4] == "D"))
        }
        let counts = try #require(data.manifest.files["transactions.csv"])
        for kind in [
            "bad_amount", "bad_date", "bad_direction", "bad_currency", "unknown_account", "missing_txn_ref",
            "duplicate",
        ] {
            #expect(defects[kind, default: 0] == counts.dirty[kind], "\(kind)")
        }
        #expect(clean.count == counts.clean)
        #expect(rows.count - 1 == counts.rows)
        #expect(Double(counts.rows - counts.clean) / Double(counts.rows) < 0.02)

        // Every transfer between covered accounts has a debit and a matching credit, same
        // amount, credited the same day or the next.
        var credits: [String: [Entry]] = [:]
        for e in clean where !e.debit && accounts.contains(e.counterparty) {
            credits[e.counterparty + ">" + e.account + "#\(e.fen)", default: []].append(e)
        }
        var pairs = 0
        for e in clean where e.debit && accounts.contains(e.counterparty) {
            let k = e.account + ">" + e.counterparty + "#\(e.fen)"
            let i = credits[k]?.firstIndex { $0.day == e.day || $0.day == e.day + 1 }
            #expect(i != nil, "debit \(k) has no credit")
            if let i { credits[k]!.remove(at: i); pairs += 1 }
        }
        let unmatchedCredits = credits.values.reduce(0) { $0 + $1.count }
        #expect(unmatchedCredits == 0, "every covered credit has its debit")
        #expect(pairs == data.manifest.coveredTransfers)
        #expect(pairs > 0 && !outsideAccounts.isEmpty)
    }

    @Test(arguments: [UInt64(21)])
    func circularRingsMoveMoneyAroundTheirMembers(seed: UInt64) throws {
        let data = try GeneratedDataset.make(firms: 300, months: 6, seed: seed, dirtyRate: 0)
        defer { data.remove() }
        var accountOwner: [String: String] = [:]
        for (_, f) in try data.rows("accounts.csv").dropFirst() { accountOwner[f[0] + "/" + f[1]] = f[2] }
        var edges: Set<String> = []
        for (_, f) in try data.rows("transactions.csv").dropFirst() where f[4] == "D" {
            if let a = accountOwner[f[0] + "/" + f[1]], let b = accountOwner[f[9] + "/" + f[7]] {
                edges.insert(a + ">" + b)
            }
        }
        for (_, f) in try data.rows("planted.csv").dropFirst() where f[1] == "circular" {
            let m = f[2].split(separator: ">").map(String.init)
            for k in m.indices { #expect(edges.contains(m[k] + ">" + m[(k + 1) % m.count]), "ring \(f[0]) hop \(k)") }
        }
    }
}
