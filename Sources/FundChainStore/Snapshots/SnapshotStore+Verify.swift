import FundChainCore
import PostgresNIO

extension SnapshotStore {
    /// Re-checks a stored batch (see `verify(_:options:problem:)`). Throws `notFound` for an
    /// unknown batch.
    public func verify(batch id: Int64, options: SnapshotVerifyOptions = .init()) async throws -> SnapshotAudit {
        let result = try await verify(.batch(id), options: options)
        return SnapshotAudit(batchID: id, checked: result.snapshots, problems: result.problems)
    }

    /// Re-checks stored snapshots from their rows alone (docs/snapshots.md, "snapshot verify"):
    ///
    /// - every hash recomputed from the body and `prev_hash`;
    /// - every `prev_hash` equal to the hash of the firm's previous stored snapshot (NULL for its
    ///   first), so a row deleted from the middle of a chain shows at the next row;
    /// - each batch's firm count and RFC 6962 Merkle root recomputed, and its model version
    ///   present with a text that still has its sha256;
    /// - with `options.contents`: the columns (uscc, as_of, score, pd, grade, fingerprint) equal
    ///   the body's values, and the body's features re-scored with the stored model give exactly
    ///   its points, PD, grade, points per feature and reasons, and with each challenger's stored
    ///   model exactly the challenger's points, PD and grade (`SnapshotRecheck`);
    /// - for `.all`: batch ids 1…n without gaps, and no rows of a batch that is not recorded.
    ///
    /// Rows stream in chunks of `options.chunkSize`, each checked on `options.parallelism` threads.
    /// Each problem goes to `problem` as soon as it is found, and into the result.
    /// - Complexity: O(rows × (body + card)), one index probe per row, O(batch) hashes in memory.
    public func verify(
        _ scope: SnapshotVerifyScope, options: SnapshotVerifyOptions = .init(),
        problem report: @Sendable (String) -> Void = { _ in }
    ) async throws -> SnapshotVerification {
        var result = SnapshotVerification(snapshots: 0, batches: 0, problems: [])
        func add(_ problems: [String]) {
            for p in problems { report(p) }
            result.problems += problems
        }
        var firm: String?
        var ids: [Int64]
        switch scope {
        case .batch(let id):
            ids = [id]
            guard try await batch(id: id) != nil else { throw StoreError(.notFound, "no snapshot batch \(id)") }
        case .firm(let uscc):
            firm = uscc
            ids = try await int64s("SELECT DISTINCT batch_id FROM snapshots WHERE uscc = \(uscc)::bpchar ORDER BY 1")
            guard !ids.isEmpty else { throw StoreError(.notFound, "no snapshot of firm \(uscc)") }
        case .all:
            let recorded = try await int64s("SELECT id FROM snapshot_batches ORDER BY id")
            let referenced = try await int64s("SELECT DISTINCT batch_id FROM snapshots")
            var expected: Int64 = 1
            for id in recorded {
                if id != expected {
                    add([
                        "batch ids jump from \(expected - 1) to \(id): batch \(expected)…\(id - 1) missing from snapshot_batches"
                    ])
                }
                expected = id + 1
            }
            ids = Array(Set(recorded).union(referenced)).sorted()
        }
        var cards: [String: Scorecard] = [:]
        for id in ids {
            guard let batch = try await batch(id: id) else {
                add(["batch \(id): snapshots belong to it, but it is not in snapshot_batches"])
                continue
            }
            add(try await checkModels(of: batch, contents: options.contents, cards: &cards))
            result.snapshots += try await checkRows(of: batch, firm: firm, options: options, cards: cards, add)
            result.batches += 1
        }
        return result
    }

    /// The batch's model versions (the champion's and the challengers'): present, text matching
    /// its sha256, and (for content checks) a loadable scorecard, cached in `cards`.
    func checkModels(of batch: SnapshotBatch, contents: Bool, cards: inout [String: Scorecard]) async throws -> [String]
    {
        var problems: [String] = []
        for (n, sha) in batch.models.enumerated() {
            problems += try await checkModel(
                sha, of: batch, role: n == 0 ? "model" : "challenger model", contents: contents, cards: &cards)
        }
        return problems
    }

    func checkModel(
        _ sha: String, of batch: SnapshotBatch, role: String, contents: Bool, cards: inout [String: Scorecard]
    )
        async throws -> [String]
    {
        guard cards[sha] == nil else { return [] }
        guard let model = try await model(sha256: sha) else {
            return ["batch \(batch.id): \(role) version \(sha) is missing"]
        }
        if SnapshotModel.sha256(of: model.body) != model.sha256 {
            return ["model \(model.id) \(model.version): body does not match its sha256"]
        }
        guard contents else { return [] }
        do {
            cards[sha] = try Scorecard.load(yaml: model.body)
        } catch {
            return ["batch \(batch.id): model \(model.id) \(model.version) does not load: \(error)"]
        }
        return []
    }

    /// Streams the batch's rows (or the firm's rows of it), checks each, then the batch's count
    /// and Merkle root. Returns the rows checked.
    func checkRows(
        of batch: SnapshotBatch, firm: String?, options: SnapshotVerifyOptions, cards: [String: Scorecard],
        _ add: ([String]) -> Void
    ) async throws -> Int {
        let filter: PostgresQuery =
            if let firm {
                "SELECT \(unescaped: Self.linkedColumns) WHERE s.batch_id = \(batch.id) AND s.uscc = \(firm)::bpchar ORDER BY s.id"
            } else {
                "SELECT \(unescaped: Self.linkedColumns) WHERE s.batch_id = \(batch.id) ORDER BY s.id"
            }
        var leaves: [[UInt8]] = []
        var chunk: [LinkedSnapshot] = []
        chunk.reserveCapacity(options.chunkSize)
        var checked = 0
        func flush() {
            add(Self.check(chunk, batch: batch, options: options, cards: cards))
            if firm == nil { leaves += chunk.map { Hex.decode($0.row.hash) ?? [] } }
            checked += chunk.count
            chunk.removeAll(keepingCapacity: true)
        }
        let rows = try await database.client.query(filter, logger: database.logger)
        for try await (
            id, batchID, uscc, asOf, score, pd, grade, fingerprint, body, prev, hash, previousID, previousHash
        )
            in rows.decode(
                (Int64, Int64, String, String, Int, Double, String, String, String, String?, String, Int64?, String?)
                    .self)
        {
            let row = StoredSnapshot(
                id: id, batchID: batchID, uscc: uscc, asOf: try CalendarDate(parsing: asOf), score: score, pd: pd,
                grade: grade, inputFingerprint: fingerprint, body: Array(body.utf8), prevHash: prev, hash: hash)
            chunk.append(LinkedSnapshot(row: row, previousID: previousID, previousHash: previousHash))
            if chunk.count >= options.chunkSize { flush() }
        }
        flush()
        if firm != nil {
            leaves = try await strings("SELECT hash FROM snapshots WHERE batch_id = \(batch.id) ORDER BY id").map {
                Hex.decode($0) ?? []
            }
        }
        var problems: [String] = []
        if leaves.count != batch.firmCount {
            problems.append("batch \(batch.id): \(leaves.count) snapshots stored, \(batch.firmCount) recorded")
        }
        if Hex.encode(MerkleTree(leaves: leaves).root) != batch.merkleRoot {
            problems.append("batch \(batch.id): Merkle root does not match its snapshots")
        }
        add(problems)
        return checked
    }

    /// A row with the id and hash of the firm's previous stored snapshot.
    struct LinkedSnapshot: Sendable {
        var row: StoredSnapshot
        var previousID: Int64?
        var previousHash: String?
    }

    static let linkedColumns = """
        s.id, s.batch_id, s.uscc::text, s.as_of::text, s.score, s.pd, s.grade, s.input_fingerprint, s.body, s.prev_hash,
        s.hash, p.id, p.hash FROM snapshots s
        LEFT JOIN LATERAL (SELECT q.id, q.hash FROM snapshots q WHERE q.uscc = s.uscc AND q.id < s.id
                           ORDER BY q.id DESC LIMIT 1) p ON true
        """

    /// The per-row checks of a chunk, on `options.parallelism` threads; problems in row order.
    /// - Complexity: O(chunk × (body + card)) work.
    static func check(
        _ chunk: [LinkedSnapshot], batch: SnapshotBatch, options: SnapshotVerifyOptions, cards: [String: Scorecard]
    ) -> [String] {
        Parallel.map(ranges: chunk.count, chunks: options.parallelism * 4) { range in
            var problems: [String] = []
            for linked in chunk[range] {
                let row = linked.row
                var found: [String] = []
                if SnapshotHash.hash(previous: row.prevHash, body: row.body) != row.hash {
                    found.append("hash does not match its body and prev_hash")
                }
                if row.prevHash != linked.previousHash {
                    found.append(
                        linked.previousID.map {
                            "prev_hash is not the hash of the firm's previous snapshot \($0) (a snapshot between them deleted, or one edited)"
                        } ?? "prev_hash is set but the firm has no earlier snapshot (its first snapshot deleted?)")
                }
                if row.asOf != batch.asOf { found.append("as_of column is \(row.asOf), the batch's is \(batch.asOf)") }
                if options.contents {
                    let columns = SnapshotRecheck.Columns(
                        uscc: row.uscc, asOf: row.asOf.description, score: row.score, pd: row.pd, grade: row.grade,
                        inputFingerprint: row.inputFingerprint, batchModelSHA256: batch.modelSHA256,
                        batchChallengerSHA256s: batch.challengerSHA256s)
                    found += SnapshotRecheck.problems(body: row.body, columns: columns, cards: cards)
                }
                problems += found.map { "snapshot \(row.id) (\(row.uscc)): \($0)" }
            }
            return problems
        }.flatMap { $0 }
    }

    func int64s(_ query: PostgresQuery) async throws -> [Int64] {
        var out: [Int64] = []
        for try await value in try await database.client.query(query, logger: database.logger).decode(Int64.self) {
            out.append(value)
        }
        return out
    }

    func strings(_ query: PostgresQuery) async throws -> [String] {
        var out: [String] = []
        for try await value in try await database.client.query(query, logger: database.logger).decode(String.self) {
            out.append(value)
        }
        return out
    }
}
