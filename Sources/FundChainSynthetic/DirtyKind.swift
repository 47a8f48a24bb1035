/// The kinds of deliberately invalid rows the generator adds for the quarantine path. Each dirty
/// row has exactly one defect, so ingest's reject counts per reason can be checked exactly.
enum DirtyKind: Int, CaseIterable, Sendable {
    // transactions.csv
    case badAmount, badDate, badDirection, badCurrency, unknownAccount, missingTxnRef, duplicate
    // firms.csv
    case malformedUSCC, unknownIndustry, unknownRegion
    // accounts.csv
    case unknownFirm, badOpenedOn, badAccountCurrency

    static let transactionKinds: [DirtyKind] = [
        .badAmount, .badDate, .badDirection, .badCurrency, .unknownAccount, .missingTxnRef, .duplicate,
    ]
    static let firmKinds: [DirtyKind] = [.malformedUSCC, .unknownIndustry, .unknownRegion]
    static let accountKinds: [DirtyKind] = [.unknownFirm, .badOpenedOn, .badAccountCurrency]

    /// The key used in manifest.json.
    var key: String {
        switch self {
        case .badAmount: "bad_amount"
        case .badDate: "bad_date"
        case .badDirection: "bad_direction"
        case .badCurrency: "bad_currency"
        case .unknownAccount: "unknown_account"
        case .missingTxnRef: "missing_txn_ref"
        case .duplicate: "duplicate"
        case .malformedUSCC: "malformed_uscc"
        case .unknownIndustry: "unknown_industry"
        case .unknownRegion: "unknown_region"
        case .unknownFirm: "unknown_firm"
        case .badOpenedOn: "bad_opened_on"
        case .badAccountCurrency: "bad_currency"
        }
    }

    /// Replacement field texts, used in rotation (amount, date, direction, currency defects).
    static let badAmounts: [[UInt8]] = ["12.345", "-5", "abc", ""].map { Array($0.utf8) }
    static let badDirections: [[UInt8]] = ["X", "DC", "1"].map { Array($0.utf8) }
    static let badCurrencies: [[UInt8]] = ["RMB1", "CN", "人民币"].map { Array($0.utf8) }
}

/// Counts of dirty rows by kind.
struct DirtyTally: Sendable {
    var counts = [Int](repeating: 0, count: DirtyKind.allCases.count)

    subscript(kind: DirtyKind) -> Int {
        get { counts[kind.rawValue] }
        set { counts[kind.rawValue] = newValue }
    }

    static func + (a: Self, b: Self) -> Self {
        var c = a
        for k in 0..<c.counts.count { c.counts[k] += b.counts[k] }
        return c
    }

    func total(_ kinds: [DirtyKind]) -> Int { kinds.reduce(0) { $0 + self[$1] } }
}
