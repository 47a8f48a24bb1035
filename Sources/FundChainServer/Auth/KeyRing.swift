import FundChainStore

/// The API keys the server accepts, by prefix: an immutable value, rebuilt from `api_keys` and
/// swapped whole when keys change.
struct KeyRing: Sendable {
    /// Who is calling: the key's row, without its hash.
    struct Principal: Sendable, Equatable {
        var keyID: Int64
        var client: String
        var bankCode: String
        var scopes: Set<String>
    }

    enum Outcome: Sendable, Equatable {
        case authenticated(Principal)
        /// No key, a malformed key, an unknown key, a wrong secret or a revoked key: all 401,
        /// with the same answer, so a caller cannot tell which.
        case rejected
    }

    let byPrefix: [String: APIKeyStore.Record]

    init(_ records: [APIKeyStore.Record] = []) {
        byPrefix = Dictionary(records.map { ($0.prefix, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Checks an `Authorization` header value (`Bearer <key>`, scheme case-insensitive).
    /// - Complexity: one dictionary probe and one SHA-256 of the presented key.
    func authenticate(authorization: String?) -> Outcome {
        guard let authorization else { return .rejected }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            let key = APIKey(parsing: parts[1].trimmingSpaces), let record = byPrefix[key.prefix]
        else { return .rejected }
        guard APIKey.constantTimeEqual(key.sha256, record.keySHA256), record.revokedAt == nil else { return .rejected }
        return .authenticated(
            Principal(keyID: record.id, client: record.client, bankCode: record.bankCode, scopes: Set(record.scopes)))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
