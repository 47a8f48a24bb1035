import Foundation
import FundChainCore
import Testing

@testable import FundChainIngest

/// `TransactionRowValidator.validateBytes`, the byte-level fast path of ingest, against
/// `validate`, the reference: whatever the fast path accepts, `validate` accepts with the same
/// entry; what it declines, `validate` decides. Common rows must take the fast path.
@Suite struct ValidateBytesTests {
    static let header = Array(
        "bank_code,account_no,txn_ref,booked_at,direction,amount,currency,counterparty_account,counterparty_name,counterparty_bank,purpose,note\n"
            .utf8)
    static let common = "ICBC,6222000000000001,R1,2025-01-05,D,1234.56,CNY,6227000000000002,重庆乙公司,CCB,货款,x"

    /// Runs both paths over every row of `body` (after the header); returns how many rows the
    /// fast path took.
    @discardableResult
    func compare(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var parser = CSVParser()
        var validator: TransactionRowValidator?
        var fast = 0
        func check(_ row: borrowing CSVRow) {
            guard let v = validator else {
                validator = try? TransactionRowValidator(header: row, file: "t", directory: RowValidatorTests.directory)
                return
            }
            let reference = v.validate(row)
            guard let fields = v.validateBytes(row) else { return }
            fast += 1
            let raw = String(decoding: row.raw, as: UTF8.self)
            guard case .success(let valid) = reference else {
                Issue.record("fast path accepted a row validate rejects: \(raw)", sourceLocation: sourceLocation)
                return
            }
            let bytes = row.bytes
            func text(_ r: Range<Int>?) -> String? { r.map { String(decoding: bytes[$0], as: UTF8.self) } }
            let entry = StatementEntry(
                bankCode: text(fields.bankCode)!, accountNumber: text(fields.accountNumber)!,
                txnRef: text(fields.txnRef)!,
                bookedOn: fields.bookedOn, direction: fields.direction, amount: fields.amount,
                currency: fields.currency,
                counterpartyAccount: text(fields.counterpartyAccount), counterpartyName: text(fields.counterpartyName),
                counterpartyBank: text(fields.counterpartyBank), purpose: text(fields.purpose))
            #expect(valid.entry == entry, "\(raw)", sourceLocation: sourceLocation)
            // Byte for byte too: `==` on strings is Unicode equivalence, PostgreSQL's is bytes.
            #expect(
                Array(valid.entry.txnRef.utf8) == Array(entry.txnRef.utf8)
                    && Array((valid.entry.counterpartyName ?? "").utf8) == Array((entry.counterpartyName ?? "").utf8),
                "\(raw)", sourceLocation: sourceLocation)
            #expect(valid.firm == fields.firm && valid.line == fields.line, "\(raw)", sourceLocation: sourceLocation)
        }
        try (Self.header + body).withUnsafeBytes { try parser.feed($0) { check($0) } }
        try parser.finish { check($0) }
        return fast
    }

    @Test func commonRowsTakeTheFastPathWithTheSameEntry() throws {
        let rows = [
            Self.common,
            "ICBC,6222000000000001,R2,2025-12-31,C,1,,,,,,",
            "ICBC,6222000000000001,R3,2024-02-29,d,0.5,CNY,,,,,",
            "ICBC,6222000000000001,R4,2025-01-05,c,000120.10,CNY,400000000001,HSBC Ltd \\ co,HSBC,,",
            "ICBC,6222000000000001,Ré5,2025-01-05,D,999999999999999.99,CNY,,\"名, 称\",,,",
            "ICBC,6222000000000001,R6,2025-01-05,D,10000000000000.00,CNY,,,,,",
        ]
        let taken = try compare(Array(rows.map { $0 + "\n" }.joined().utf8))
        #expect(taken == rows.count - 1, "all but the amount above the cap")  // 999…99.99 is above it
    }

    @Test func everyOtherSpellingIsLeftToValidate() throws {
        let variants =
            [
                // amounts
                "1.", ".5", "+1", "-1", "1,000", " 1", "1 ", "1e5", "1.005", "0", "0.00", "10000000000000.01",
                "1234567890123456", "00000000000000000001",
            ].map { Self.common.replacingOccurrences(of: "1234.56", with: $0) }
            + [
                // dates, directions, currencies, codes, accounts
                "20250105", "2025-1-5", "2025-02-30", "2025-01-05T10:00", "2025/01/05", " 2025-01-05",
            ].map { Self.common.replacingOccurrences(of: "2025-01-05", with: $0) }
            + ["DBIT", "CRDT", "X", "", " D"].map { Self.common.replacingOccurrences(of: ",D,", with: ",\($0),") }
            + ["cny", "USD", "RMB", "CN"].map { Self.common.replacingOccurrences(of: ",CNY,", with: ",\($0),") }
            + ["icbc", "IC-BC", "ICBC ", "ABCDEFGHIJKLMNOPQ"].map {
                Self.common.replacingOccurrences(of: "ICBC,6222", with: "\($0),6222")
            }
            + [
                "ICBC,6222000000000009,R1,2025-01-05,D,1.00,CNY,,,,,",  // unknown account
                "HSBC,400000000001,R1,2025-01-05,D,1.00,CNY,,,,,",  // a USD account
                "HSBC,400000000001,R1,2025-01-05,D,1.00,USD,,,,,",
                "ICBC,6222000000000001, R1,2025-01-05,D,1.00,CNY,,,,,",
                "ICBC,6222000000000001,,2025-01-05,D,1.00,CNY,,,,,",
                "ICBC,6222000000000001,\(String(repeating: "r", count: 65)),2025-01-05,D,1.00,CNY,,,,,",
                "ICBC,6222000000000001,\(String(repeating: "é", count: 40)),2025-01-05,D,1.00,CNY,,,,,",
                "ICBC,6222000000000001,R1,2025-01-05,D,1.00,CNY,,\(String(repeating: "名", count: 70)),,,",
                "ICBC,6222000000000001,R1,2025-01-05,D,1.00,CNY,,\u{A0}nbsp,,,",
                "ICBC,6222000000000001,R1,2025-01-05,D,1.00,CNY,,\u{85}next line,,,",
                "ICBC,6222000000000001,R1,2025-01-05,D,1.00,CNY,,\"tab\there\",,,",
                "ICBC,6222000000000001,R1,2025-01-05,D,1.00,CNY,,,,,\"note\nwith a newline\"",
                "ICBC,6222000000000001,R1,2025-01-05,D,1.00,CNY,,,,",  // a field short
                "ICBC,6222000000000001,R1,2025-01-05,D,1.00,CNY,,,,,,",  // a field over
            ]
        let taken = try compare(Array(variants.map { $0 + "\n" }.joined().utf8))
        // Only spellings that `validate` reads exactly as written may be taken: "1234567890123456"
        // has 16 digits (declined), the 70 characters of 名 are 210 bytes (declined), the 40
        // é are 80 bytes (declined). None of these is common.
        #expect(taken == 0)
    }

    /// Seeded byte-level mutations of common rows: NUL, controls, invalid UTF-8, quotes,
    /// separators, digits, letters, blanks. Whatever the fast path takes, `validate` agrees.
    @Test func mutatedRowsNeverDisagree() throws {
        var rng = MutationRandom(state: 20_261_203)
        let alphabet: [UInt8] =
            [0, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x39, 0x43, 0x44, 0x5C, 0x7F]
            + [0x80, 0xC2, 0x85, 0xA0, 0xE9, 0xFF, 0x61, 0x7A, 0x4E, 0x59]
        let base = Array(Self.common.utf8)
        var taken = 0
        for _ in 0..<3000 {
            var row = base
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(row.count))
                switch rng.next() % 3 {
                case 0: row[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: row.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                default: row.remove(at: at)
                }
            }
            // A stray quote can make the file malformed, which the parser reports: not a row.
            if let n = try? compare(row + [0x0A]) { taken += n }
        }
        #expect(taken > 100, "some mutations leave a common row (a changed digit, letter or name)")
    }
}

/// A seeded linear congruential generator (Knuth's MMIX constants; the high bits): enough to
/// pick mutations, and failures reproduce.
struct MutationRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
