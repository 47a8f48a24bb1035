import FundChainCore

extension Economy {
    static let firmsHeader = "uscc,name,industry,region,founded_on,core\n"
    static let accountsHeader = "bank_code,account_no,uscc,opened_on,currency\n"

    /// A handful of dirty rows per kind for firms.csv and accounts.csv (at least one each).
    var dirtyPerKind: Int { max(1, config.firms / 25_000) }

    /// A valid USCC that is not any firm's (for dirty rows whose only defect is elsewhere).
    private func foreignUSCC(_ k: Int, taken: Set<String>, _ rng: inout SeededGenerator) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        while true {
            var body = "915001" + ["03", "05", "12"][k % 3]
            for _ in 0..<9 { body.append(alphabet[rng.below(alphabet.count)]) }
            let code = USCC.withCheckCharacter(body: body)!.code
            if !taken.contains(code) { return code }
        }
    }

    /// Writes firms.csv: every firm, then dirty rows spread through the file.
    func writeFirms(to sink: FileSink, tally: inout DirtyTally) throws {
        var rng = SeededGenerator.stream(seed: config.seed, 7)
        var dirtyRows: [(Int, String)] = []
        let taken = Set(uscc)
        let per = dirtyPerKind
        for kind in DirtyKind.firmKinds {
            for k in 0..<per {
                let j = rng.below(firmCount)
                var code = foreignUSCC(k, taken: taken, &rng)
                var ind = industry[j], reg = region[j]
                switch kind {
                case .malformedUSCC:
                    switch k % 3 {
                    case 0: code = String(code.dropLast()) + (code.last == "0" ? "1" : "0")  // wrong check character
                    case 1: code = String(code.dropLast())  // 17 characters
                    default:  // I is not in the alphabet
                        code = String(code.prefix(8)) + "I" + String(code.dropFirst(9))
                    }
                case .unknownIndustry: ind = ["C3699", "Z9999", "C3680"][k % 3]
                case .unknownRegion: reg = ["500199001", "510112001", "500112999"][k % 3]
                default: break
                }
                tally[kind] += 1
                dirtyRows.append((j, "\(code),\(names.string(j))分公司,\(ind),\(reg),\(founded[j]),0\n"))
            }
        }
        try writeInterleaved(header: Self.firmsHeader, dirtyRows: dirtyRows, to: sink) { i, buffer in
            buffer.append(uscc[i]); buffer.comma()
            buffer.append(names[i]); buffer.comma()
            buffer.append(industry[i]); buffer.comma()
            buffer.append(region[i]); buffer.comma()
            buffer.append(founded[i].description); buffer.comma()
            buffer.append(role[i].isCore ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            buffer.newline()
        }
    }

    /// Writes accounts.csv: every account, then dirty rows (numbers of class 8, never used elsewhere).
    func writeAccounts(to sink: FileSink, tally: inout DirtyTally) throws {
        var rng = SeededGenerator.stream(seed: config.seed, 8)
        var dirtyRows: [(Int, String)] = []
        let taken = Set(uscc)
        var serial = 0
        for kind in DirtyKind.accountKinds {
            for k in 0..<dirtyPerKind {
                let j = rng.below(firmCount)
                serial += 1
                let bank = rng.below(BankCatalog.covered.count)
                let number = String(
                    decoding: BankCatalog.accountNumber(bank: bank, classDigit: 8, serial: serial), as: UTF8.self)
                var owner = uscc[j], opened = founded[j].description, currency = "CNY"
                switch kind {
                case .unknownFirm: owner = foreignUSCC(k, taken: taken, &rng)
                case .badOpenedOn: opened = ["2023-02-29", "2024-00-10", "yesterday"][k % 3]
                case .badAccountCurrency: currency = ["RMB1", "CN", "人民币"][k % 3]
                default: break
                }
                tally[kind] += 1
                dirtyRows.append((j, "\(BankCatalog.covered[bank].code),\(number),\(owner),\(opened),\(currency)\n"))
            }
        }
        try writeInterleaved(header: Self.accountsHeader, dirtyRows: dirtyRows, to: sink) { i, buffer in
            for a in accounts(of: i) {
                buffer.append(BankCatalog.codeBytes[Int(accountBank[a])]); buffer.comma()
                buffer.append(accountNumbers[a]); buffer.comma()
                buffer.append(uscc[i]); buffer.comma()
                buffer.append(accountOpened[a].description); buffer.comma()
                buffer.append("CNY")
                buffer.newline()
            }
        }
    }

    /// Writes `header`, then each firm's rows, with every dirty row placed after the rows of
    /// the firm it was drawn for (so they are spread through the file).
    private func writeInterleaved(
        header: String, dirtyRows: [(Int, String)], to sink: FileSink, rows: (Int, inout ByteBuffer) -> Void
    ) throws {
        let dirty = dirtyRows.sorted { $0.0 < $1.0 }
        var buffer = ByteBuffer()
        buffer.append(header)
        var next = 0
        for i in 0..<firmCount {
            rows(i, &buffer)
            while next < dirty.count && dirty[next].0 == i {
                buffer.append(dirty[next].1)
                next += 1
            }
            if buffer.count >= 1 << 20 { try sink.write(buffer); buffer.removeAll() }
        }
        try sink.write(buffer)
    }

    func writeOutcomes(to sink: FileSink) throws {
        var buffer = ByteBuffer()
        buffer.append("uscc,defaulted\n")
        for i in 0..<firmCount {
            buffer.append(uscc[i])
            buffer.append(defaulted[i] ? ",1\n" : ",0\n")
        }
        try sink.write(buffer)
    }

    static let plantedHeader = "ring_id,kind,members,amount_yuan,period_days,source,sink\n"

    func writePlanted(to sink: FileSink) throws {
        var buffer = ByteBuffer()
        buffer.append(Self.plantedHeader)
        for ring in rings {
            buffer.append("R\(ring.id),\(ring.kind.rawValue),")
            buffer.append(ring.members.map { uscc[$0] }.joined(separator: ">"))
            buffer.comma()
            buffer.append(fen: ring.amountFen)
            buffer.append(
                ",\(ring.periodDays),\(ring.source.map { uscc[$0] } ?? ""),\(ring.sink.map { uscc[$0] } ?? "")\n")
        }
        try sink.write(buffer)
    }
}
