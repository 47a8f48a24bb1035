import Foundation
import FundChainCore
import FundChainStore

/// A firm's profile and products answers, built on request from its snapshot read again (a
/// served batch keeps only the score answers; `ServingState`).
extension ServingState {
    enum OnRequest: Sendable {
        case profile, products
    }

    /// The snapshot read again is not the one loaded: gone, another firm's, or its body and
    /// `prev_hash` no longer hash to the hash loaded (rewritten since). Nothing is answered from it.
    struct ChangedSnapshotError: Error, Sendable, CustomStringConvertible {
        var snapshotID: Int64
        var reason: String
        var description: String { "snapshot \(snapshotID) \(reason); nothing was disclosed" }
    }

    /// The `kind` answer of `firm` (`uscc`) from `stored`, its snapshot read again. Its hash,
    /// recomputed from its body and `prev_hash`, must be the one loaded (which a checkpoint, when
    /// the service has one, vouched for), and its columns must agree with its body.
    ///
    /// - Complexity: one SHA-256 and one parse of the body (~4 KB), one product match.
    func answer(
        _ kind: OnRequest, of firm: Firm, uscc: String, stored: StoredSnapshot?, values: AnswerTemplate.Values
    ) throws -> [UInt8] {
        guard let stored, stored.id == firm.snapshotID, stored.uscc == uscc else {
            throw ChangedSnapshotError(snapshotID: firm.snapshotID, reason: "of firm \(uscc) is no longer stored")
        }
        guard Hex.encode(SnapshotHash.digest(previous: stored.prevHash, body: stored.body)) == firm.hash else {
            throw ChangedSnapshotError(snapshotID: stored.id, reason: "does not hash to the hash loaded")
        }
        let parsed = try Parsed(stored)
        guard parsed.columnsAgree else {
            throw ChangedSnapshotError(snapshotID: stored.id, reason: "has a uscc, score, pd or grade unlike its body")
        }
        let answers = try Answers(parsed, matchers: matchers)
        switch kind {
        case .profile: return answers.profile(values).canonicalBytes()
        case .products: return answers.products(values).canonicalBytes()
        }
    }
}
