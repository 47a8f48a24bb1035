import Foundation
import FundChainCore

/// Where an audit writer is in its chain (docs/security.md, "Signed checkpoints"): the chain's
/// id, the next flush's position and the previous flush's hash. A new cursor starts a new chain
/// (a random id); a writer starts one per run, and again after a flush whose outcome it does not
/// know (a timeout may or may not have committed), so a chain never forks.
public struct AuditChainCursor: Sendable {
    /// One flush's link: the `audit_chain` row written with its rows.
    public struct Link: Sendable, Equatable {
        public var chainID: String
        public var seq: Int64
        public var previousHash: String?
        /// `AuditChain.hash` over the previous hash and the rows' `AuditRecord` encodings.
        public var hash: String
    }

    public let chainID: String
    public private(set) var nextSeq: Int64 = 1
    public private(set) var head: String?

    public init(chainID: String = UUID().uuidString.lowercased()) { self.chainID = chainID }

    /// The link for a flush of `rows` after the current head.
    public func link(_ rows: [AuditStore.Row]) -> Link {
        Link(
            chainID: chainID, seq: nextSeq, previousHash: head,
            hash: AuditChain.hash(previous: head, rows: rows.map { AuditRecord($0).canonicalBytes() }))
    }

    /// Moves past `link`, once its flush committed.
    public mutating func advance(past link: Link) {
        nextSeq = link.seq + 1
        head = link.hash
    }
}
