import Testing

@testable import FundChainCore

/// The account directory against a plain model of its rules, with keys compared as bytes
/// (`[UInt8]` dictionaries): every lookup, by strings and by bytes, agrees with the model.
struct AccountDirectoryTests {
    /// Firms numbered 0…, with valid check characters.
    static func firm(_ i: Int) -> USCC {
        let digits = String(i)
        let body = "91500000MA" + String(repeating: "0", count: 7 - digits.count) + digits
        return USCC.withCheckCharacter(body: body)!
    }

    struct Model {
        var byBankAndNumber: [[UInt8]: AccountDirectory.Owner] = [:]
        var byNumber: [[UInt8]: AccountDirectory.Owner?] = [:]
        var banks: Set<[UInt8]> = []
        /// Firms by number: the order they were first added in.
        var firms: [USCC] = []

        /// The owner `add` will record for `firm`: numbered when first seen.
        mutating func owner(_ firm: USCC, _ currency: Currency) -> AccountDirectory.Owner {
            if !firms.contains(firm) { firms.append(firm) }
            return AccountDirectory.Owner(firm: firm, currency: currency, number: Int32(firms.firstIndex(of: firm)!))
        }

        mutating func add(_ bank: String, _ number: String, _ owner: AccountDirectory.Owner) {
            byBankAndNumber[Array(bank.utf8) + [0] + Array(number.utf8)] = owner
            banks.insert(Array(bank.utf8))
            if let existing = byNumber[Array(number.utf8)] {
                if existing != owner { byNumber[Array(number.utf8)] = .some(nil) }
            } else {
                byNumber[Array(number.utf8)] = owner
            }
        }

        func counterparty(_ bank: String?, _ number: String?) -> AccountDirectory.Owner? {
            guard let number, !number.isEmpty else { return nil }
            if let bank, !bank.isEmpty, banks.contains(Array(bank.utf8)) {
                return byBankAndNumber[Array(bank.utf8) + [0] + Array(number.utf8)]
            }
            return byNumber[Array(number.utf8)].flatMap { $0 }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func lookupsAgreeWithTheModel(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let banks = ["ICBC", "CCB", "BOC", "ABC", "CQRCB", "CQCB"]
        var directory = AccountDirectory()
        var model = Model()
        var numbers: [String] = []
        for _ in 0..<5_000 {
            // A quarter of the numbers again, at another bank or the same (the owner then changes).
            let number =
                !numbers.isEmpty && Int.random(in: 0..<4, using: &rng) == 0
                ? numbers.randomElement(using: &rng)! : String(UInt64.random(in: 1...9_999_999_999_999, using: &rng))
            numbers.append(number)
            let bank = banks.randomElement(using: &rng)!
            let owner = model.owner(
                Self.firm(Int.random(in: 0..<800, using: &rng)),
                Int.random(in: 0..<10, using: &rng) == 0 ? try! Currency("USD") : .cny)
            directory.add(bank: bank, number: number, owner: owner.firm, currency: owner.currency)
            model.add(bank, number, owner)
        }
        #expect(directory.count == model.byBankAndNumber.count)
        #expect(directory.firms == Set(model.byBankAndNumber.values.map(\.firm)).sorted())
        #expect(directory.numberedFirms == model.firms)
        let askedBanks: [String?] = banks.map { $0 } + ["", "UNKNOWN", nil]
        let askedNumbers: [String?] = numbers.prefix(600).map { $0 } + ["", "42", nil, "0" + numbers[0]]
        for bank in askedBanks {
            for number in askedNumbers {
                let expected = model.counterparty(bank, number)
                #expect(directory.counterpartyFirm(bank: bank, number: number) == expected?.firm)
                #expect(Self.bytes(bank, number) { directory.counterpartyFirm(bank: $0, number: $1) } == expected?.firm)
                #expect(Self.bytes(bank, number) { directory.counterpartyOwner(bank: $0, number: $1) } == expected)
                guard let bank, let number else { continue }
                let owner = model.byBankAndNumber[Array(bank.utf8) + [0] + Array(number.utf8)]
                #expect(directory.owner(bank: bank, number: number) == owner)
                #expect(Self.bytes(bank, number) { directory.owner(bank: $0!, number: $1!) } == owner)
            }
        }
    }

    /// Bytes, not Unicode equivalence: "é" precomposed and decomposed are two accounts, as they
    /// are two keys to PostgreSQL; and a bank and number are not confused with another split of
    /// the same characters.
    @Test func keysAreBytes() {
        var directory = AccountDirectory()
        directory.add(bank: "B", number: "caf\u{E9}", owner: Self.firm(1))
        directory.add(bank: "B", number: "cafe\u{301}", owner: Self.firm(2))
        directory.add(bank: "AB", number: "C", owner: Self.firm(3))
        #expect(directory.count == 3)
        #expect(directory.owner(bank: "B", number: "caf\u{E9}")?.firm == Self.firm(1))
        #expect(directory.owner(bank: "B", number: "cafe\u{301}")?.firm == Self.firm(2))
        #expect(directory.owner(bank: "A", number: "BC") == nil && directory.owner(bank: "ABC", number: "") == nil)
        #expect(directory.counterpartyFirm(bank: nil, number: "caf\u{E9}") == Self.firm(1))
    }

    static func bytes<T>(
        _ bank: String?, _ number: String?, _ body: (UnsafeBufferPointer<UInt8>?, UnsafeBufferPointer<UInt8>?) -> T
    ) -> T {
        let (b, n) = (bank.map { Array($0.utf8) }, number.map { Array($0.utf8) })
        func with(_ a: [UInt8]?, _ f: (UnsafeBufferPointer<UInt8>?) -> T) -> T {
            guard let a else { return f(nil) }
            return a.withUnsafeBufferPointer { f($0) }
        }
        return with(b) { b in with(n) { n in body(b, n) } }
    }
}
