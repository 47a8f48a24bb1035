/// Banks of the synthetic region and their account-number formats.
///
/// Covered banks hold the firms' accounts (`accounts.csv`); the others appear only as
/// counterparty banks. An account number is the bank's 4-digit prefix, a class digit and a
/// zero-padded serial, 16–19 digits in all. The class digit keeps the number spaces apart:
/// `1` covered accounts, `8` numbers reserved for deliberately unknown accounts (dirty rows),
/// `9` outside-world accounts — so an outside number can never collide with a covered one.
struct BankCatalog: Sendable {
    struct Bank: Sendable {
        let code: String
        let name: String
        let prefix: String
        let length: Int
        /// Share of covered firms' accounts (0 for counterparty-only banks).
        let weight: Double
    }

    static let covered: [Bank] = [
        Bank(code: "CQRCB", name: "重庆农村商业银行", prefix: "0201", length: 19, weight: 0.20),
        Bank(code: "ICBC", name: "中国工商银行", prefix: "3100", length: 19, weight: 0.15),
        Bank(code: "CCB", name: "中国建设银行", prefix: "5005", length: 19, weight: 0.14),
        Bank(code: "ABC", name: "中国农业银行", prefix: "3115", length: 19, weight: 0.12),
        Bank(code: "BOC", name: "中国银行", prefix: "1128", length: 17, weight: 0.10),
        Bank(code: "CQCB", name: "重庆银行", prefix: "2501", length: 18, weight: 0.10),
        Bank(code: "CMB", name: "招商银行", prefix: "1239", length: 16, weight: 0.07),
        Bank(code: "BOCOM", name: "交通银行", prefix: "5000", length: 19, weight: 0.06),
        Bank(code: "PSBC", name: "中国邮政储蓄银行", prefix: "9500", length: 19, weight: 0.06),
    ]

    static let counterpartyOnly: [Bank] = [
        Bank(code: "SPDB", name: "上海浦东发展银行", prefix: "8301", length: 17, weight: 0),
        Bank(code: "CITIC", name: "中信银行", prefix: "8111", length: 19, weight: 0),
        Bank(code: "CIB", name: "兴业银行", prefix: "3460", length: 18, weight: 0),
        Bank(code: "CMBC", name: "中国民生银行", prefix: "6310", length: 16, weight: 0),
        Bank(code: "CEB", name: "中国光大银行", prefix: "3910", length: 19, weight: 0),
        Bank(code: "PBOC", name: "国家金库", prefix: "2700", length: 16, weight: 0),
    ]

    /// All banks: covered first, so a covered bank's index is the same in both lists.
    static let all: [Bank] = covered + counterpartyOnly

    static let coveredCumulative: [Double] = {
        var running = 0.0
        return covered.map {
            running += $0.weight; return running
        }
    }()

    static let codeBytes: [[UInt8]] = all.map { Array($0.code.utf8) }

    /// The largest 10-digit prime: serials are scrambled by a multiplication modulo it.
    static let scramblePrime = 9_999_999_967

    /// The account number of class `classDigit` for the `counter`-th account (≥ 1) of that class
    /// at bank `bank` (an index into `all`). The last 10 digits are `counter` scrambled by a
    /// bijection modulo a prime, so numbers are unique per bank and class and look unrelated;
    /// the digits between the class digit and those 10 are a branch code.
    static func accountNumber(bank: Int, classDigit: UInt8, serial counter: Int) -> [UInt8] {
        let b = all[bank]
        precondition(counter > 0 && counter < scramblePrime, "account serial out of range")
        var bytes = Array(b.prefix.utf8)
        bytes.append(0x30 + classDigit)
        let multiplier = 48_271 + 7_919 * bank + 1_000_003 * Int(classDigit)
        var tail = Int((UInt64(counter) * UInt64(multiplier)) % UInt64(scramblePrime))
        let branchWidth = b.length - bytes.count - 10
        var branch = (bank * 131 + counter * 7) % 1_000_000 + 1
        var middle = [UInt8](repeating: 0x30, count: branchWidth)
        for i in stride(from: branchWidth - 1, through: 0, by: -1) {
            middle[i] = 0x30 + UInt8(branch % 10)
            branch /= 10
        }
        var last = [UInt8](repeating: 0x30, count: 10)
        for i in stride(from: 9, through: 0, by: -1) {
            last[i] = 0x30 + UInt8(tail % 10)
            tail /= 10
        }
        return bytes + middle + last
    }
}
