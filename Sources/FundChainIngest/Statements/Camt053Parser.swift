import FundChainCore

/// Streams an ISO 20022 camt.053 (bank-to-customer statement) file, versions 001.02 to 001.13,
/// into `StatementEvent`s: one per booked entry (or per detail of a batch entry whose details
/// carry their own amounts), a reject for an entry that cannot be read, and a reconciliation at
/// the end of each statement. Memory holds one entry at a time.
///
/// Mapping (docs/statement-formats.md): account `Acct/Id/IBAN` or `Acct/Id/Othr/Id`; bank
/// `Acct/Svcr/FinInstnId/BIC|BICFI`, else its `ClrSysMmbId/MmbId` (CNAPS), else `Othr/Id`;
/// `Ntry/Amt` with its `Ccy`, `CdtDbtInd`, `BookgDt`, `ValDt`, `AcctSvcrRef`; per detail
/// `Refs/AcctSvcrRef`, `Refs/EndToEndId`, the related party on the other side (debtor of a
/// credit, creditor of a debit) with its account and agent (the same order: BIC, member id,
/// other id), and
/// remittance information (`Ustrd`, else the structured reference, else `AddtlTxInf`, else
/// `AddtlNtryInf`) as purpose.
///
/// - Complexity: O(n) in the bytes of the file.
public struct Camt053Parser: StatementParser {
    public static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
    /// The versions accepted: 001.02 … 001.13 (the elements read are the same in all of them).
    public static let versions = 2...13

    let file: String
    var tokenizer = XMLTokenizer()
    /// Local names of the open elements.
    var path: [String] = []
    var text = ""
    var amountCurrency: String?
    /// The version read from the namespace, e.g. `001.04`.
    public private(set) var version: String?

    var statementIndex = 0
    var statement: CamtStatement?
    var balance: CamtBalance?
    var entry: CamtEntry?
    var detail: CamtDetail?
    /// Depths (index in `path`) of the open Stmt, Bal, Ntry and TxDtls elements.
    var statementDepth = -1, balanceDepth = -1, entryDepth = -1, detailDepth = -1

    public init(file: String) { self.file = file }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (StatementEvent) -> Void) throws(IngestError) {
        do {
            var t = tokenizer
            tokenizer = XMLTokenizer()
            defer { tokenizer = t }
            try t.feed(chunk) { event, line in try handle(event, line: line, body) }
        } catch let error as XMLTokenizer.ParseError {
            throw IngestError(.malformed, file: file, line: error.line, field: xpath, "malformed XML: \(error.message)")
        } catch {
            throw error as! IngestError
        }
    }

    public mutating func finish(_ body: (StatementEvent) -> Void) throws(IngestError) {
        do {
            var t = tokenizer
            tokenizer = XMLTokenizer()
            defer { tokenizer = t }
            try t.finish { event, line in try handle(event, line: line, body) }
        } catch let error as XMLTokenizer.ParseError {
            throw IngestError(.malformed, file: file, line: error.line, field: xpath, "malformed XML: \(error.message)")
        } catch {
            throw error as! IngestError
        }
        if statementIndex == 0 {
            throw IngestError(
                .empty, file: file, line: 1, field: "/Document/BkToCstmrStmt/Stmt", "the file holds no statement")
        }
    }

    /// The XPath of the current position, with statement and entry positions.
    var xpath: String {
        var parts: [String] = []
        for (depth, name) in path.enumerated() {
            if depth == statementDepth {
                parts.append("Stmt[\(statementIndex)]")
            } else if depth == entryDepth, let entry {
                parts.append("Ntry[\(entry.index)]")
            } else if depth == detailDepth, let entry {
                parts.append("TxDtls[\(entry.details.count + 1)]")
            } else {
                parts.append(name)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    mutating func handle(_ event: XMLTokenizer.Event, line: Int, _ body: (StatementEvent) -> Void) throws {
        switch event {
        case .start(let qualified, let attributes):
            let name = Self.localName(qualified)
            if path.isEmpty { version = try checkRoot(qualified, attributes: attributes, line: line) }
            path.append(name)
            text = ""
            amountCurrency = name == "Amt" || name == "TtlAmt" ? attributes.first { $0.name == "Ccy" }?.value : nil
            try open(name, line: line)
        case .text(let s):
            guard text.utf8.count + s.utf8.count <= Self.maxText else {
                throw IngestError(
                    .malformed, file: file, line: line, field: xpath,
                    "the text of <\(path.last ?? "")> is longer than \(Self.maxText) bytes (16 MiB)")
            }
            text += s
        case .end:
            try close(line: line, body)
            path.removeLast()
            text = ""
        }
    }

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.utf8.lastIndex(of: UInt8(ascii: ":")) else { return qualified }
        return String(qualified[qualified.utf8.index(after: colon)...])
    }

    func checkRoot(_ qualified: String, attributes: [XMLTokenizer.Attribute], line: Int) throws -> String {
        guard Self.localName(qualified) == "Document" else {
            throw IngestError(
                .unknownFormat, file: file, line: line, field: "/\(qualified)",
                "the root element is <\(qualified)>, not a camt.053 <Document>")
        }
        let prefix = qualified.utf8.contains(UInt8(ascii: ":")) ? String(qualified.prefix { $0 != ":" }) : nil
        let declaration = prefix.map { "xmlns:\($0)" } ?? "xmlns"
        let namespace = attributes.first { $0.name == declaration }?.value ?? ""
        guard namespace.hasPrefix(Self.namespacePrefix), let n = Int(namespace.dropFirst(Self.namespacePrefix.count)),
            Self.versions.contains(n)
        else {
            throw IngestError(
                .unknownFormat, file: file, line: line, field: "/Document/@\(declaration)",
                "namespace '\(namespace)' is not camt.053.001.02 … camt.053.001.13 (\(Self.namespacePrefix)NN)")
        }
        return "001." + (n < 10 ? "0" : "") + String(n)
    }

    mutating func open(_ name: String, line: Int) throws {
        let depth = path.count - 1
        switch (name, depth) {
        case ("BkToCstmrStmt", 1): break
        case (_, 1):
            throw IngestError(
                .unknownFormat, file: file, line: line, field: xpath,
                "expected <BkToCstmrStmt> in the camt.053 document, found <\(name)>")
        case ("Stmt", 2):
            statementIndex += 1
            statementDepth = depth
            statement = CamtStatement(index: statementIndex, line: line)
        case ("Bal", statementDepth + 1) where statement != nil:
            balanceDepth = depth
            balance = CamtBalance()
        case ("Ntry", statementDepth + 1) where statement != nil:
            entryDepth = depth
            statement!.entries += 1
            entry = CamtEntry(index: statement!.entries, line: line)
        case ("TxDtls", _) where entry != nil && detail == nil:
            detailDepth = depth
            detail = CamtDetail(line: line)
        default: break
        }
    }

    /// The path below the element at `depth`, e.g. `RltdPties/Dbtr/Nm`.
    func relative(to depth: Int) -> String {
        var key = path[depth + 1]
        for name in path[(depth + 2)...] {
            key += "/"
            key += name
        }
        return key
    }

    /// Leaf elements whose text the parser reads; the text of any other is not looked at.
    static let leaves: Set<String> = [
        "Id", "IBAN", "BIC", "BICFI", "Ccy", "Cd", "Amt", "CdtDbtInd", "Dt", "DtTm", "RvslInd", "Sts", "AcctSvcrRef",
        "AddtlNtryInf", "EndToEndId", "Nm", "Ustrd", "Ref", "AddtlTxInf", "MmbId",
    ]

    /// The longest text of one element, in bytes (the tokenizer's token limit): text split by
    /// comments or CDATA sections cannot grow past it.
    static let maxText = XMLTokenizer.maxToken
    /// The most `TxDtls` one entry may have; more fails the file (memory holds one entry).
    public static let maxDetails = 10_000

    /// Marks the innermost open entry (else statement) when the text of the element closing
    /// holds a control character other than tab, CR and LF: its entries become `invalid_text`
    /// rejects, since PostgreSQL cannot store U+0000 and the others garble what is stored.
    mutating func checkControlCharacters(line: Int) {
        guard !text.isEmpty, statement != nil,
            let bad = RejectText.firstControl(in: text, allowing: ["\t", "\r", "\n"])
        else { return }
        let found = CamtInvalidText(field: xpath, line: line, character: RejectText.escaped(String(Character(bad))))
        if entry != nil {
            if entry!.invalidText == nil { entry!.invalidText = found }
        } else if statement!.invalidText == nil {
            statement!.invalidText = found
        }
    }

    mutating func close(line: Int, _ body: (StatementEvent) -> Void) throws {
        checkControlCharacters(line: line)
        let depth = path.count - 1
        if depth == detailDepth {
            guard entry!.details.count < Self.maxDetails else {
                throw IngestError(
                    .malformed, file: file, line: line, field: xpath,
                    "an entry has more than \(Self.maxDetails) transaction details (TxDtls)")
            }
            entry!.details.append(detail!)
            detail = nil
            detailDepth = -1
        } else if depth == entryDepth {
            finishEntry(body)
            entry = nil
            entryDepth = -1
        } else if depth == balanceDepth {
            statement!.add(balance!)
            balance = nil
            balanceDepth = -1
        } else if depth == statementDepth {
            body(.statement(statement!.reconciliation(file: file)))
            statement = nil
            statementDepth = -1
        } else if !text.isEmpty || amountCurrency != nil, Self.leaves.contains(path[depth]) {
            let value = text.trimmed
            if detail != nil {
                detail!.set(relative(to: detailDepth), value, currency: amountCurrency)
            } else if entry != nil {
                entry!.set(relative(to: entryDepth), value, currency: amountCurrency)
            } else if balance != nil {
                balance!.set(relative(to: balanceDepth), value, currency: amountCurrency)
            } else if statement != nil {
                statement!.set(relative(to: statementDepth), value)
            }
        }
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\r" || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\r" || l == "\t" { s.removeLast() }
        return s.utf8.count == utf8.count ? self : String(s)
    }
}
