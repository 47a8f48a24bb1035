/// The information to account owner (`:86:`) of an MT940 entry, read in the common bank dialects:
///
/// - **structured subfields** (German DK / GVC format, used by most German, Austrian and Polish
///   banks): `NNN?00text?20…?29 purpose?30 bank?31 account?32…?33 name?60…?63 purpose`, with
///   SEPA keywords (`EREF+`, `SVWZ+`, `KREF+`, `MREF+`, …) in the purpose lines. Any non-alphanumeric
///   fourth character is accepted as the separator.
/// - **slash keys** (SWIFT structured, ABN AMRO, ING, Rabobank SEPA):
///   `/TRTP/…/IBAN/…/BIC/…/NAME/…/REMI/…/EREF/…`, and ING's `/CNTP/account/bic/name/city/`.
/// - **free text**: everything else becomes the purpose.
public struct MT940Field86: Sendable, Hashable {
    public var counterpartyAccount: String?
    public var counterpartyName: String?
    public var counterpartyBank: String?
    public var purpose: String?
    public var endToEndID: String?

    public enum Dialect: String, Sendable { case structured, slashKeys, freeText }
    public var dialect: Dialect = .freeText

    /// `lines` are the field's lines as written (continuation lines included).
    public init(lines: [String]) {
        var trimmedLines = lines
        if let first = trimmedLines.first { trimmedLines[0] = String(first.drop { $0 == " " }) }
        let joined = trimmedLines.joined()
        let bytes = Array(joined.utf8)
        if bytes.count >= 4, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            !(bytes[3] >= 0x30 && bytes[3] <= 0x39), !(bytes[3] >= 0x41 && bytes[3] <= 0x5A),
            !(bytes[3] >= 0x61 && bytes[3] <= 0x7A), bytes[3] != 0x20
        {
            self.init(structured: joined, separator: Character(Unicode.Scalar(bytes[3])))
        } else if joined.hasPrefix("/"), Self.slashKeys.contains(where: { joined.contains("/\($0)/") }) {
            self.init(slashKeyed: joined)
        } else {
            self.init(freeText: lines)
        }
    }

    init(freeText lines: [String]) {
        let text = lines.map { $0.trimmed }.filter { !$0.isEmpty }.joined(separator: " ")
        purpose = text.isEmpty ? nil : text.truncated(500)
    }

    static let sepaKeywords = [
        "EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC", "COAM", "OAMT",
    ]

    init(structured text: String, separator: Character) {
        dialect = .structured
        var fields: [(Int, String)] = []
        for piece in text.split(separator: separator, omittingEmptySubsequences: false).dropFirst() {
            guard piece.count >= 2, let key = Int(piece.prefix(2)) else { continue }
            fields.append((key, String(piece.dropFirst(2))))
        }
        let value = { (key: Int) in fields.first { $0.0 == key }?.1 }
        counterpartyBank = value(30).map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        // ?38 is the IBAN in Polish banks' dialect; ?31 the account (or IBAN) elsewhere.
        counterpartyAccount = (value(38) ?? value(31)).map(\.trimmed).flatMap { $0.isEmpty ? nil : $0.replacingSpaces }
        let name = fields.filter { $0.0 == 32 || $0.0 == 33 }.map(\.1).joined().trimmed
        counterpartyName = name.isEmpty ? nil : name.truncated(200)
        // Purpose lines; a SEPA keyword starts a segment, a full 27-character line wraps into the next.
        var keyed: [String: String] = [:]
        var plain: [String] = []
        var current: String?
        var previousWasFull = false
        for (key, line) in fields where (20...29).contains(key) || (60...63).contains(key) {
            if let keyword = Self.sepaKeywords.first(where: { line.hasPrefix($0 + "+") }) {
                current = keyword
                keyed[keyword, default: ""] += line.dropFirst(keyword.count + 1)
            } else if previousWasFull || current == "SVWZ", let k = current {
                keyed[k, default: ""] += line
            } else {
                current = nil
                if previousWasFull, !plain.isEmpty { plain[plain.count - 1] += line } else { plain.append(line) }
            }
            previousWasFull = line.count >= 27
        }
        if let e2e = keyed["EREF"]?.trimmed, !e2e.isEmpty, e2e != "NOTPROVIDED", e2e != "NONREF" { endToEndID = e2e }
        if let iban = keyed["IBAN"]?.trimmed, counterpartyAccount == nil, !iban.isEmpty { counterpartyAccount = iban }
        if let bic = keyed["BIC"]?.trimmed, counterpartyBank == nil, !bic.isEmpty { counterpartyBank = bic }
        let text = (keyed["SVWZ"] ?? plain.joined(separator: " ")).trimmed
        purpose = (text.isEmpty ? value(0)?.trimmed : text)?.truncated(500)
    }

    static let slashKeys: Set<String> = [
        "TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "CNTP", "MARF", "CSID", "ORDP", "BENM", "USTD", "STRD",
        "ISDT", "RTRN", "PREF", "KREF", "OCMT", "CHGS", "PURP", "ULTC", "ULTD", "ACCW", "BYOR", "BENM",
    ]

    init(slashKeyed text: String) {
        dialect = .slashKeys
        var values: [String: String] = [:]
        var key: String?
        var parts: [Substring] = []
        func close() {
            if let key, values[key] == nil { values[key] = parts.joined(separator: "/") }
            parts = []
        }
        for token in text.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if Self.slashKeys.contains(String(token)) {
                close()
                key = String(token)
            } else {
                parts.append(token)
            }
        }
        close()
        func clean(_ s: String?) -> String? {
            guard let t = s?.trimmingCharacters(in: "/").trimmed, !t.isEmpty else { return nil }
            return t
        }
        if let cntp = values["CNTP"] {
            let f = cntp.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            counterpartyAccount = clean(f.first)
            counterpartyBank = clean(f.count > 1 ? f[1] : nil)
            counterpartyName = clean(f.count > 2 ? f[2] : nil)
        }
        counterpartyAccount = clean(values["IBAN"])?.replacingSpaces ?? counterpartyAccount
        counterpartyBank = clean(values["BIC"]) ?? counterpartyBank
        counterpartyName = (clean(values["NAME"]) ?? counterpartyName)?.truncated(200)
        endToEndID = clean(values["EREF"]).flatMap { $0 == "NOTPROVIDED" || $0 == "NONREF" ? nil : $0 }
        purpose = (clean(values["REMI"]) ?? clean(values["USTD"]) ?? clean(values["TRTP"]))?.truncated(500)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
