import FundChainCore
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

    struct Entry: Sendable {
        var record: APIKeyStore.Record
        var principal: Principal
        /// `record.keySHA256` as bytes, decoded once (empty when it is not 64 hex digits: no key
        /// matches it).
        var digest: [UInt8]
    }

    let byPrefix: [String: Entry]

    init(_ records: [APIKeyStore.Record] = []) {
        byPrefix = Dictionary(
            records.map {
                let principal = Principal(
                    keyID: $0.id, client: $0.client, bankCode: $0.bankCode, scopes: Set($0.scopes))
                let digest = Hex.decode($0.keySHA256) ?? []
                return ($0.prefix, Entry(record: $0, principal: principal, digest: digest.count == 32 ? digest : []))
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Checks an `Authorization` header value (`Bearer <key>`, scheme case-insensitive).
    /// - Complexity: one dictionary probe and one SHA-256 of the presented key.
    func authenticate(authorization: String?) -> Outcome {
        guard let authorization else { return .rejected }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            let key = APIKey(parsing: parts[1].trimmingSpaces), let entry = byPrefix[key.prefix]
        else { return .rejected }
        guard APIKey.constantTimeEqual(key.digest, entry.digest), entry.record.revokedAt == nil else {
            return .rejected
        }
        return .authenticated(entry.principal)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
