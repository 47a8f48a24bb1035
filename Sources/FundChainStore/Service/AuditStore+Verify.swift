import FundChainCore
import PostgresNIO

/// `fundchain audit verify`: the audit chain recomputed from the stored rows (docs/security.md,
/// "Signed checkpoints").
extension AuditStore {
    /// The result of `verifyChain`.
    public struct ChainVerification: Sendable, Equatable {
        public var rows: Int
        public var flushes: Int
        public var chains: Int
        /// One line each, naming the row, flush or chain; safe to show a user.
        public var problems: [String]

        /// `verified R audit rows in F flushes of C chains: OK`, or `…: FAILED: K problems`.
        public var verdict: String {
            let head =
                "verified \(rows) audit row\(rows == 1 ? "" : "s") in \(flushes) flush\(flushes == 1 ? "" : "es") of \(chains) chain\(chains == 1 ? "" : "s")"
            return problems.isEmpty
                ? head + ": OK" : head + ": FAILED: \(problems.count) problem\(problems.count == 1 ? "" : "s")"
        }
    }

    /// Recomputes every flush's hash from its rows and checks the links:
    ///
    /// - each row names a flush that `audit_chain` records (a row with none was inserted behind
    ///   the writer's back);
    /// - each flush's rows hash (`AuditChain.hash` over their `AuditRecord` encodings and the
    ///   previous hash) to its recorded hash, and are as many as it recorded: a row edited,
    ///   inserted into or deleted from a flush is named with the flush's rows;
    /// - each chain's flushes run 1…n, each naming the previous one's hash;
    /// - each chain head a stored checkpoint carries is still there with the same hash (only
    ///   checkpoints signed by one of `keys` count, when keys are given), so deleting a chain's
    ///   latest flushes shows.
    ///
    /// - Complexity: O(rows + flushes), holding every flush's link and one flush's rows at a time
    ///   (rows are read in flush order).
    public func verifyChain(keys: [CheckpointPublicKey] = []) async throws -> ChainVerification {
        struct Link { var prev: String?; var hash: String; var count: Int }
        var links: [String: [Int64: Link]] = [:]
        let linkRows = try await database.client.query(
            "SELECT chain_id, seq, prev_hash, hash, row_count FROM audit_chain ORDER BY chain_id, seq",
            logger: database.logger)
        for try await (chain, seq, prev, hash, count) in linkRows.decode((String, Int64, String?, String, Int32).self) {
            links[chain, default: [:]][seq] = Link(prev: prev, hash: hash, count: Int(count))
        }
        var problems: [String] = []
        var result = ChainVerification(rows: 0, flushes: 0, chains: links.count, problems: [])
        var seen = Set<String>()
        func check(chain: String, seq: Int64, records: [AuditRecord]) {
            guard let link = links[chain]?[seq] else {
                problems += records.map { "\($0.name): its flush \(seq) of audit chain \(chain) is not in audit_chain" }
                return
            }
            seen.insert("\(chain)/\(seq)")
            let names = records.prefix(5).map(\.name).joined(separator: ", ") + (records.count > 5 ? ", …" : "")
            if records.count != link.count {
                problems.append(
                    "audit chain \(chain) flush \(seq): \(link.count) rows recorded, \(records.count) stored (a row deleted or inserted): \(names)"
                )
            } else if AuditChain.hash(previous: link.prev, rows: records.map { $0.canonicalBytes() }) != link.hash {
                problems.append(
                    "audit chain \(chain) flush \(seq): its rows do not give its hash (a row edited or replaced): \(names)"
                )
            }
        }
        var current: (chain: String, seq: Int64)?
        var records: [AuditRecord] = []
        let rows = try await database.client.query(
            """
            SELECT round(extract(epoch FROM at) * 1000000)::bigint, request_id, client, bank_code, key_id, route, uscc,
                   consent_ref, snapshot_id, status, consent_id, client_cert, chain_id, chain_seq, source
            FROM audit_log ORDER BY chain_id, chain_seq
            """, logger: database.logger)
        for try await row in rows.decode(
            (
                Int64, String, String, String, Int64, String, String, String?, Int64?, Int16, Int64?, String?, String?,
                Int64?, String?
            )
            .self)
        {
            let record = AuditRecord(
                atMicroseconds: row.0, requestID: row.1, client: row.2, bankCode: row.3, keyID: row.4, route: row.5,
                uscc: row.6,
                consentRef: row.7, snapshotID: row.8, status: Int(row.9), consentID: row.10, clientCertificate: row.11,
                source: row.14)
            result.rows += 1
            guard let chain = row.12, let seq = row.13 else {
                problems.append(
                    "\(record.name): in no flush of the audit chain (inserted behind the audit writer's back?)")
                continue
            }
            if let current, current.chain != chain || current.seq != seq {
                check(chain: current.chain, seq: current.seq, records: records)
                records.removeAll(keepingCapacity: true)
            }
            current = (chain, seq)
            records.append(record)
        }
        if let current { check(chain: current.chain, seq: current.seq, records: records) }
        for chain in links.keys.sorted() {
            let flushes = links[chain]!
            var previous: Link?
            for seq in flushes.keys.sorted() {
                let link = flushes[seq]!
                result.flushes += 1
                if !seen.contains("\(chain)/\(seq)") {
                    problems.append(
                        "audit chain \(chain) flush \(seq): \(link.count) rows recorded, none stored (deleted)")
                }
                if seq > 1, flushes[seq - 1] == nil {
                    problems.append("audit chain \(chain): flush \(seq - 1) missing (deleted?)")
                } else if seq == 1 ? link.prev != nil : link.prev != previous?.hash {
                    problems.append(
                        "audit chain \(chain) flush \(seq): prev_hash is not the hash of flush \(seq - 1) (rewritten)")
                }
                previous = link
            }
        }
        let (checkpoints, _) = try await CheckpointStore(database: database).all()
        for signed in checkpoints where keys.isEmpty || signed.isSigned(byOneOf: keys) {
            for head in signed.checkpoint.auditHeads {
                guard let link = links[head.chain]?[head.seq] else {
                    problems.append(
                        "audit chain \(head.chain) flush \(head.seq), in checkpoint \(signed.checkpoint.sequence): missing (deleted)"
                    )
                    continue
                }
                if link.hash != head.hash {
                    problems.append(
                        "audit chain \(head.chain) flush \(head.seq): hash differs from checkpoint \(signed.checkpoint.sequence) (rewritten)"
                    )
                }
            }
        }
        result.problems = problems
        return result
    }
}
