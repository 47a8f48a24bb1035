import FundChainCore
import Testing

@testable import FundChainIngest

@Suite struct StatementEntryValidatorTests {
    static let firm = try! USCC("91500112MA5U00001H")

    func line(_ account: String = "6222000000000001", bank: String? = "ICBKCNBJ") -> StatementLine {
        var l = StatementLine(
            line: 7, location: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]", statementID: "S1", entryIndex: 2,
            account: account, bookingDate: CalendarDate(year: 2025, month: 1, day: 5)!, direction: .debit,
            amount: Money(fen: 100), currency: .cny)
        l.bankCode = bank
        return l
    }

    var validator: StatementEntryValidator {
        var d = AccountDirectory()
        d.add(bank: "ICBKCNBJ", number: "6222000000000001", owner: Self.firm)
        d.add(bank: "ICBC", number: "6222000000000001", owner: Self.firm)
        return StatementEntryValidator(directory: d)
    }

    @Test func coveredAccountsLoadUncoveredOnesAreRejected() throws {
        let ok = try validator.validate(line()).get()
        #expect(ok.firm == Self.firm && ok.entry.bankCode == "ICBKCNBJ" && ok.line == 7)
        guard case .failure(let r) = validator.validate(line("6222000000009999")) else { Issue.record(); return }
        #expect(r.reason == .unknownAccount && r.line == 7)
        #expect(
            r.field == "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2] (account)"
                && r.message.contains("************9999 at ICBKCNBJ"))
        #expect(!r.raw.contains("6222000000009999"))
    }

    @Test func theBankComesFromTheOptionElseTheStatement() throws {
        guard case .failure(let r) = validator.validate(line(bank: nil)) else { Issue.record(); return }
        #expect(r.reason == .missingValue && r.message.contains("--bank"))
        var d = AccountDirectory()
        d.add(bank: "ICBC", number: "6222000000000001", owner: Self.firm)
        let overridden = StatementEntryValidator(directory: d, bankOverride: "ICBC")
        #expect(try overridden.validate(line(bank: "ICBKCNBJ")).get().entry.bankCode == "ICBC")
        #expect(try overridden.validate(line(bank: nil)).get().entry.bankCode == "ICBC")
    }

    @Test func txnRefPrefersTheBankReferenceThenTheEndToEndIdThenThePosition() {
        var l = line()
        l.bankReference = "REF1"
        l.endToEndID = "E2E1"
        #expect(StatementEntryValidator.txnRef(l) == "REF1")
        l.bankReference = nil
        let e2e = StatementEntryValidator.txnRef(l)
        #expect(e2e.hasPrefix("E2E/") && e2e.count == 44)
        // The same id on another day or for another amount is another entry.
        var later = l
        later.bookingDate = CalendarDate(year: 2025, month: 2, day: 5)!
        #expect(StatementEntryValidator.txnRef(later) != e2e)
        l.endToEndID = nil
        l.customerReference = "NONREF-LIKE"
        let h = StatementEntryValidator.txnRef(l)
        #expect(h.hasPrefix("H/") && h.count == 42)
        var other = l
        other.entryIndex = 3
        #expect(StatementEntryValidator.txnRef(other) != h && StatementEntryValidator.txnRef(l) == h)
    }

    @Test func formatDetection() {
        #expect(StatementFormat.detect(Array("\u{FEFF}<?xml version=\"1.0\"?><Document/>".utf8)) == .camt053)
        #expect(StatementFormat.detect(Array("  \n<Document>".utf8)) == .camt053)
        #expect(StatementFormat.detect(Array("{1:F01TEST}{4:\n:20:X".utf8)) == .mt940)
        #expect(StatementFormat.detect(Array("ABNANL2A\n940\nABNANL2A\n:20:ABN".utf8)) == .mt940)
        #expect(StatementFormat.detect(Array(":20:X\n:25:1".utf8)) == .mt940)
        #expect(StatementFormat.detect(Array("bank_code,account_no,txn_ref\n".utf8)) == .csv)
        #expect(BankCode.normalized("ABNANL2AXXX") == "ABNANL2A" && BankCode.normalized("POFICHBEYYY") == "POFICHBEYYY")
    }
}
