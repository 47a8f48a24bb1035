import FundChainCore
import Testing

@testable import FundChainIngest

/// Runs one validator over CSV text, returning the results row by row.
func validateRows<T>(_ text: String, _ make: (borrowing CSVRow) throws -> (borrowing CSVRow) -> Result<T, RowReject>)
    throws
    -> [Result<T, RowReject>]
{
    var parser = CSVParser()
    var validate: ((borrowing CSVRow) -> Result<T, RowReject>)?
    var out: [Result<T, RowReject>] = []
    func handle(_ row: borrowing CSVRow) throws {
        if let validate { out.append(validate(row)) } else { validate = try make(row) }
    }
    try Array(text.utf8).withUnsafeBytes { try parser.feed($0, handle) }
    try parser.finish(handle)
    return out
}

extension Result {
    var reject: RowReject? {
        if case .failure(let r) = self { return r as? RowReject }
        return nil
    }
    var value: Success? { try? get() }
}

@Suite struct RowValidatorTests {
    static let firmA = "91500112MA5U00001H"
    static let firmB = "91500112MA5U00002L"

    static var directory: AccountDirectory {
        var d = AccountDirectory()
        d.add(bank: "ICBC", number: "6222000000000001", owner: try! USCC(firmA))
        d.add(bank: "CCB", number: "6227000000000002", owner: try! USCC(firmB))
        d.add(bank: "HSBC", number: "400000000001", owner: try! USCC(firmB), currency: try! Currency("USD"))
        return d
    }

    func firms(_ body: String) throws -> [Result<Firm, RowReject>] {
        try validateRows("uscc,name,industry,region,founded_on,core\n" + body) { header in
            let v = try FirmRowValidator(header: header, file: "firms.csv")
            return { v.validate($0) }
        }
    }

    func accounts(_ body: String) throws -> [Result<Account, RowReject>] {
        try validateRows("bank_code,account_no,uscc,opened_on,currency\n" + body) { header in
            let v = try AccountRowValidator(header: header, file: "accounts.csv", knownFirms: [Self.firmA])
            return { v.validate($0) }
        }
    }

    func entries(_ body: String) throws -> [Result<ValidatedEntry, RowReject>] {
        let header =
            "bank_code,account_no,txn_ref,booked_at,direction,amount,currency,counterparty_account,counterparty_name,counterparty_bank,purpose\n"
        return try validateRows(header + body) { header in
            let v = try TransactionRowValidator(header: header, file: "tx.csv", directory: Self.directory)
            return { v.validate($0) }
        }
    }

    @Test func validFirmAccountAndEntry() throws {
        let firm = try #require(try firms("\(Self.firmA),重庆甲汽车有限公司,C3611,500112002,2010-05-01,1").first?.value)
        #expect(firm.isCore && firm.industry.code == "C3611" && firm.region.district?.code == "500112")
        let account = try #require(try accounts("ICBC,6222000000000001,\(Self.firmA),2010-06-01,").first?.value)
        #expect(account.currency == .cny)
        let entry = try #require(
            try entries("ICBC,6222000000000001,R1,2025-01-05,d,1000.5,CNY,6227000000000002,乙,CCB,\"货款, 一月\"").first?
                .value)
        #expect(entry.entry.amount.fen == 100_050 && entry.entry.direction == .debit)
        #expect(entry.firm.code == Self.firmA && entry.entry.purpose == "货款, 一月" && entry.line == 2)
    }

    /// One bad row per reason; together they must cover every reason there is.
    @Test func everyRejectReasonIsReachable() throws {
        var seen: [RejectReason: RowReject] = [:]
        func note(_ results: [Result<some Any, RowReject>]) {
            for case .failure(let r) in results { seen[r.reason] = r }
        }
        note(
            try firms(
                """
                \(Self.firmA),甲,C3611,500112002,2010-05-01
                9150011200000000X6,甲,C3611,500112002,2010-05-01,0
                \(Self.firmA),,C3611,500112002,2010-05-01,0
                \(Self.firmA),甲,C9999,500112002,2010-05-01,0
                \(Self.firmA),甲,C3611,110101001,2010-05-01,0
                \(Self.firmA),甲,C3611,500112002,2010-02-30,0
                \(Self.firmA),甲,C3611,500112002,2010-05-01,maybe
                \(Self.firmA),\(String(repeating: "名", count: 201)),C3611,500112002,2010-05-01,0
                """))
        note(
            try accounts(
                """
                IC-BC,6222000000000001,\(Self.firmA),2010-06-01,CNY
                ICBC,6222000000000001,\(Self.firmB),2010-06-01,CNY
                ICBC,6222000000000001,\(Self.firmA),2010-06-01,RMB1
                """))
        note(
            try entries(
                """
                ICBC,6222000000000001,R1,2025-01-05,D,abc,CNY,,,,
                ICBC,6222000000000001,R2,2025-01-05,D,-5,CNY,,,,
                ICBC,6222000000000001,R3,2025-01-05,D,1.005,CNY,,,,
                ICBC,6222000000000001,R4,2025-01-05,X,1.00,CNY,,,,
                ICBC,6222000000000009,R5,2025-01-05,D,1.00,CNY,,,,
                ICBC,6222000000000001,R6,2025-01-05,D,1.00,USD,,,,
                ICBC,6222000000000001,R7,2025-01-05,D,1.00,CNY,,\u{FF}\u{FE},,
                ICBC,6222000000000001,R9,2025-01-05,D,10000000000000.01,CNY,,,,
                """))
        note(try CreditEventRowValidatorTests.events("\(Self.firmA),default,2999-01-01,,"))
        // Invalid UTF-8 cannot be written in a Swift string literal: feed raw bytes.
        var bytes = Array(
            "bank_code,account_no,txn_ref,booked_at,direction,amount\nICBC,6222000000000001,R8,2025-01-05,D,1.00".utf8)
        bytes.insert(0xFF, at: bytes.count - 20)
        var parser = CSVParser()
        var v: TransactionRowValidator?
        try bytes.withUnsafeBytes { buf in
            try parser.feed(buf) { row in
                if let v {
                    note([v.validate(row)])
                } else {
                    v = try? TransactionRowValidator(header: row, file: "t", directory: Self.directory)
                }
            }
        }
        try parser.finish { row in note([v!.validate(row)]) }
        let missing = Set(RejectReason.all).subtracting(seen.keys)
        #expect(missing.isEmpty, "no test row produced: \(missing.map(\.code).sorted())")
        // Every reject names its line and field, and masks account numbers in the raw text.
        for r in seen.values {
            #expect(r.line >= 2 && !r.field.isEmpty && !r.message.isEmpty)
            #expect(!r.raw.contains("6222000000000001"))
        }
        #expect(seen[.unknownAccount]?.message.contains("************0009") == true)
        #expect(seen[.tooManyDecimals]?.field == "amount")
    }

    @Test func headerProblemsNameTheColumn() {
        #expect(throws: IngestError.self) {
            _ =
                try firms("").isEmpty
                ? try validateRows("uscc,name,industry,region\n") { h in
                    let v = try FirmRowValidator(header: h, file: "f.csv")
                    return { v.validate($0) }
                } : []
        }
        do {
            _ = try validateRows("uscc,name,industry,region,founded_on,name\n") { h in
                let v = try FirmRowValidator(header: h, file: "f.csv")
                return { v.validate($0) }
            }
            Issue.record("a duplicated column must be an error")
        } catch let error as IngestError {
            #expect(error.description == "f.csv:1 (field 'name'): column 'name' appears twice")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func columnsInAnyOrderAndUnknownOnesIgnored() throws {
        let results = try validateRows(
            "Core , Founded_On,region,industry,name,uscc,extra\n1,2010-05-01,500112002,C36,甲,\(Self.firmA),x\n"
        ) { h in
            let v = try FirmRowValidator(header: h, file: "f.csv")
            #expect(v.header.ignored == ["extra"])
            return { v.validate($0) }
        }
        #expect(results.first?.value?.isCore == true)
    }

    @Test func zeroDecimalCurrencies() throws {
        var d = AccountDirectory()
        d.add(bank: "MUFG", number: "1234567", owner: try USCC(Self.firmA), currency: try Currency("JPY"))
        let results = try validateRows(
            "bank_code,account_no,txn_ref,booked_at,direction,amount,currency\nMUFG,1234567,J1,2025-01-05,C,1500,JPY\nMUFG,1234567,J2,2025-01-05,C,1500.5,JPY\n"
        ) { h in
            let v = try TransactionRowValidator(header: h, file: "t.csv", directory: d)
            return { v.validate($0) }
        }
        #expect(results[0].value?.entry.amount.fen == 150_000)
        #expect(results[1].reject?.reason == .tooManyDecimals)
    }

    /// Three-decimal currencies (BHD, KWD, …) used to crash ingest: Money counts hundredths, and
    /// scaling an amount with 3 decimals trapped. Amounts with at most 2 decimals load; a third
    /// decimal, which hundredths cannot hold, is a reject that says so.
    @Test func threeDecimalCurrencies() throws {
        var d = AccountDirectory()
        d.add(bank: "NBB", number: "7654321", owner: try USCC(Self.firmA), currency: try Currency("BHD"))
        let results = try validateRows(
            "bank_code,account_no,txn_ref,booked_at,direction,amount,currency\nNBB,7654321,B1,2025-01-05,C,12.5,BHD\nNBB,7654321,B2,2025-01-05,C,12.345,BHD\n"
        ) { h in
            let v = try TransactionRowValidator(header: h, file: "t.csv", directory: d)
            return { v.validate($0) }
        }
        #expect(results[0].value?.entry.amount.fen == 1_250)
        #expect(results[1].reject?.reason == .tooManyDecimals)
        #expect(results[1].reject?.message.contains("hundredths") == true)
    }
}
