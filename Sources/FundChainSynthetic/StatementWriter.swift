import FundChainCore

/// Writes one chunk of one month of `transactions.csv`: the statement entries of a range of
/// firms (or of the planted rings), with an independent random stream, so chunks can run in
/// parallel and the output is the same whatever the number of threads.
///
/// A counterparty is an `Int`: ≥ 0 a covered account, < 0 the outside entity `-(cp + 1)`.
struct StatementWriter {
    let economy: Economy
    let month: Int
    var rng: SeededGenerator
    var out = ByteBuffer(capacity: 4 << 20)
    var dirty = DirtyTally()
    /// Clean rows written (dirty rows and duplicates excluded).
    var cleanRows = 0
    /// Transfers between covered accounts (each is two clean rows).
    var coveredTransfers = 0
    private let refPrefix: [UInt8]
    private var sequence: Int64 = 0
    private var rotation = 0
    private let monthStart: Int
    private let monthEnd: Int

    init(economy: Economy, month: Int, chunk: Int) {
        self.economy = economy
        self.month = month
        rng = SeededGenerator.stream(seed: economy.config.seed, UInt64(1_000 + month) << 32 | UInt64(chunk))
        let first = CalendarDate(monthIndex: economy.config.firstMonthIndex + month)
        var prefix = ByteBuffer(capacity: 16)
        prefix.append(decimal: Int64(first.year), width: 4)
        prefix.append(decimal: Int64(first.month), width: 2)
        prefix.append(decimal: Int64(chunk), width: 4)
        refPrefix = prefix.bytes
        monthStart = economy.calendar.monthStarts[month]
        monthEnd = economy.calendar.monthStarts[month + 1] - 1
    }

    /// Converts a modelled amount in yuan to whole fen (at least 1 yuan).
    @inline(__always)
    static func fen(_ yuan: Double) -> Int64 { max(100, Int64(yuan * 100)) }

    /// A transfer between covered accounts: a debit row on the payer's statement and a credit
    /// row on the payee's, usually booked the same day, sometimes valued the next day.
    @inline(__always)
    mutating func transfer(from payer: Int, to payee: Int, day: Int, fen: Int64, purpose: Purpose) {
        row(account: payer, day: day, debit: true, fen: fen, counterparty: payee, purpose: purpose)
        let creditDay = day < monthEnd && rng.chance(0.08) ? day + 1 : day
        row(account: payee, day: creditDay, debit: false, fen: fen, counterparty: payer, purpose: purpose)
        coveredTransfers += 1
    }

    /// A movement between a covered account and the outside world.
    @inline(__always)
    mutating func external(account: Int, day: Int, debit: Bool, fen: Int64, entity: Int, purpose: Purpose) {
        row(account: account, day: day, debit: debit, fen: fen, counterparty: -(entity + 1), purpose: purpose)
    }

    /// Writes one clean row and, at the configured rate, one dirty row derived from it.
    @inline(__always)
    mutating func row(account: Int, day: Int, debit: Bool, fen: Int64, counterparty: Int, purpose: Purpose) {
        let start = out.count
        write(
            account: account, day: day, debit: debit, fen: fen, counterparty: counterparty, purpose: purpose,
            defect: nil)
        cleanRows += 1
        guard rng.nextUnit() < economy.config.dirtyRate else { return }
        let kind = DirtyKind.transactionKinds[rng.below(DirtyKind.transactionKinds.count)]
        dirty[kind] += 1
        rotation += 1
        if kind == .duplicate {
            let row = Array(out.bytes[start..<out.count])
            out.append(row)
        } else {
            write(
                account: account, day: day, debit: debit, fen: fen, counterparty: counterparty, purpose: purpose,
                defect: kind)
        }
    }

    private mutating func write(
        account: Int, day: Int, debit: Bool, fen: Int64, counterparty: Int, purpose: Purpose, defect: DirtyKind?
    ) {
        if defect == .unknownAccount {
            let bank = Int(economy.accountBank[account])
            out.append(BankCatalog.codeBytes[bank])
            out.comma()
            out.append(BankCatalog.accountNumber(bank: bank, classDigit: 8, serial: 50_000_000 + rotation))
        } else {
            out.append(economy.accountHolderFields[account])
        }
        out.comma()
        if defect != .missingTxnRef {
            sequence += 1
            out.append(refPrefix)
            out.append(decimal: sequence, width: 8)
        }
        out.comma()
        if defect == .badDate {
            let year = Int64(economy.calendar.start.year)
            switch rotation % 3 {
            case 0: out.append(decimal: year, width: 4); out.append("-02-30")
            case 1: out.append(decimal: year, width: 4); out.append("-13-05")
            default: out.append("31/01/"); out.append(decimal: year, width: 4)
            }
        } else {
            out.append(economy.calendar.date(day))
        }
        out.comma()
        if defect == .badDirection {
            out.append(DirtyKind.badDirections[rotation % DirtyKind.badDirections.count])
        } else {
            out.append(debit ? UInt8(ascii: "D") : UInt8(ascii: "C"))
        }
        out.comma()
        if defect == .badAmount {
            let variant = rotation % DirtyKind.badAmounts.count
            if variant == 1 {
                out.append(UInt8(ascii: "-")); out.append(fen: fen)
            } else {
                out.append(DirtyKind.badAmounts[variant])
            }
        } else {
            out.append(fen: fen)
        }
        out.comma()
        if defect == .badCurrency {
            out.append(DirtyKind.badCurrencies[rotation % DirtyKind.badCurrencies.count])
        } else {
            out.append(Self.cny)
        }
        out.comma()
        if counterparty >= 0 {
            out.append(economy.accountCounterpartyFields[counterparty])
        } else {
            out.append(economy.outside.counterpartyFields[-counterparty - 1])
        }
        out.comma()
        out.append(Purpose.bytes[purpose.rawValue])
        out.newline()
    }

    static let cny: [UInt8] = Array("CNY".utf8)
    static let header =
        "bank_code,account_no,txn_ref,booked_at,direction,amount,currency,counterparty_account,counterparty_name,counterparty_bank,purpose\n"
}
