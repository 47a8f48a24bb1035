import Foundation
import FundChainCore
import FundChainStore

/// One snapshot batch, ready to serve. Immutable; a reload builds a new one and swaps it in whole.
///
/// The hot answer, `POST /v1/scores`, is prepared once per firm at load as an encoded template
/// (`AnswerTemplate`; only the request's own fields are filled in per request). A firm's profile
/// and products (3–5 KB each, asked for far less often) are not kept: they are built on request
/// from the firm's snapshot read again, whose body must hash to the hash loaded
/// (`ServingState+OnRequest.swift`). That keeps a batch at about 2 KB per firm in memory
/// (docs/scale.md: 1M firms).
struct ServingState: Sendable {
    struct Firm: Sendable {
        var snapshotID: Int64
        /// The snapshot's hash as loaded (hex); a body read again must hash to it.
        var hash: String
        /// The `POST /v1/scores` answer.
        var score: PreparedResponse<Components.Schemas.ScoreResponse>
    }

    struct CorruptSnapshotError: Error, Sendable, CustomStringConvertible {
        var snapshotID: Int64
        var reason: String
        var description: String { "snapshot \(snapshotID): \(reason)" }
    }

    /// Fewer snapshots were read than the batch holds: a newer batch committed during the load,
    /// and the service sees only the latest batch's (`served_snapshots`). The next probe loads
    /// the newer one.
    struct SupersededError: Error, Sendable, CustomStringConvertible {
        var batchID: Int64
        var read: Int
        var expected: Int
        var description: String {
            "batch \(batchID): read \(read) of its \(expected) snapshots; a newer batch replaced it"
        }
    }

    let batch: SnapshotBatch
    let firms: [String: Firm]
    /// The product catalog versions the batch's snapshots name, as matchers.
    let matchers: [Int64: ProductMatcher]
    var count: Int { firms.count }

    subscript(uscc: String) -> Firm? { firms[uscc] }

    /// Snapshots read from PostgreSQL per page: while one page is prepared, the next is read.
    static let defaultPageSize = 4096

    /// Reads `batch`'s snapshots a page at a time, with the product catalog versions they name,
    /// and prepares every firm's score answer on all cores (off Swift concurrency's cooperative
    /// threads, so requests keep being served while a reload runs).
    ///
    /// With a `checkpoint` (already verified: `verifiedCheckpoint`), every snapshot's hash is
    /// recomputed from its body and the Merkle root over them must be the one signed; otherwise
    /// the load throws `Refused`. Reads through `served_snapshots`, so a batch that stops being
    /// the latest during the load throws `SupersededError`.
    ///
    /// - Complexity: O(total body size), plus one product match per firm; holds one page of
    ///   bodies and parsed JSON at a time besides the answers.
    static func load(
        _ batch: SnapshotBatch, from database: Database, pageSize: Int = defaultPageSize, checkpoint: Checkpoint? = nil
    ) async throws -> ServingState {
        let store = SnapshotStore(database: database, view: .served)
        let catalogs = ProductCatalogStore(database: database)
        var matchers: [Int64: ProductMatcher] = [:]
        var firms: [String: Firm] = [:]
        firms.reserveCapacity(batch.firmCount)
        var leaves: [[UInt8]] = []
        var page = try await store.snapshots(batch: batch.id, after: 0, limit: pageSize)
        while !page.isEmpty {
            let after = page.last!.id
            async let next = store.snapshots(batch: batch.id, after: after, limit: pageSize)
            let parsed = try await onWorkerThreads { [page] in try Parallel.results(page.count) { try Parsed(page[$0]) }
            }
            if checkpoint != nil {
                leaves += try await onWorkerThreads { [parsed] in
                    try Parallel.results(parsed.count) { try leaf(parsed[$0]) }
                }
            }
            for id in Set(parsed.compactMap(\.catalogID)) where matchers[id] == nil {
                guard let version = try await catalogs.version(id: id) else {
                    let snapshot = parsed.first { $0.catalogID == id }!.snapshot
                    throw CorruptSnapshotError(
                        snapshotID: snapshot.id, reason: "product catalog version \(id) is not stored")
                }
                matchers[id] = ProductMatcher(catalog: version.catalog)
            }
            let prepared = try await onWorkerThreads { [matchers] in
                try Parallel.results(parsed.count) { try firm(parsed[$0], matchers: matchers) }
            }
            if let first = parsed.first { try checkShape(first, matchers: matchers) }
            for (snapshot, firm) in zip(parsed, prepared) { firms[snapshot.snapshot.uscc] = firm }
            page = try await next
        }
        guard firms.count == batch.firmCount else {
            throw SupersededError(batchID: batch.id, read: firms.count, expected: batch.firmCount)
        }
        if let checkpoint { try check(leaves: leaves, batch: batch, against: checkpoint) }
        return ServingState(batch: batch, firms: firms, matchers: matchers)
    }

    init(batch: SnapshotBatch, firms: [String: Firm], matchers: [Int64: ProductMatcher]) {
        self.batch = batch
        self.firms = firms
        self.matchers = matchers
    }

    /// A snapshot with its body read (`SnapshotBody`).
    struct Parsed: Sendable {
        var snapshot: StoredSnapshot
        var body: SnapshotBody

        /// The product catalog version the build matched the firm to, if any.
        var catalogID: Int64? { body.products?.catalogID }

        /// Whether the row's columns (uscc, score, PD, grade) are the body's values: the columns
        /// are what the service looks up and what a bank is told; the body is what was hashed.
        var columnsAgree: Bool {
            body.firm.uscc == snapshot.uscc && body.score.points == snapshot.score && body.score.pd == snapshot.pd
                && body.score.grade == snapshot.grade
        }

        init(_ snapshot: StoredSnapshot) throws {
            do {
                body = try SnapshotBody(parsing: snapshot.body)
            } catch  where error.code == .notJSON {
                throw CorruptSnapshotError(snapshotID: snapshot.id, reason: "body is not JSON: \(error)")
            } catch {
                throw CorruptSnapshotError(
                    snapshotID: snapshot.id, reason: "body does not have the documented shape: \(error)")
            }
            self.snapshot = snapshot
        }
    }

    /// A firm's three answers, as functions of the request's own fields: each gives the JSON the
    /// generated serializer would write (sorted keys, optional members without a value left out,
    /// feature values kept `null`), built from the body's parts without going through the
    /// generated types; `checkShape` decodes a sample into them.
    struct Answers {
        var score: (AnswerTemplate.Values) -> JSONValue
        var profile: (AnswerTemplate.Values) -> JSONValue
        var products: (AnswerTemplate.Values) -> JSONValue

        init(_ parsed: Parsed, matchers: [Int64: ProductMatcher]) throws {
            let snapshot = parsed.snapshot
            let body = parsed.body
            let matches = try ServingState.products(parsed, matchers: matchers)
            let reference: JSONValue = .object([
                "id": .int(snapshot.id), "batch_id": .int(snapshot.batchID),
                "as_of": .string(snapshot.asOf.description),
                "hash": .string(snapshot.hash),
            ])
            let scored: [String: JSONValue] = [
                "score": .int(Int64(snapshot.score)), "pd": .number(snapshot.pd), "grade": .string(snapshot.grade),
                "reasons": JSONValue.array(body.reasons.map(SnapshotBody.json(reason:))).withoutNulls,
                "model": body.model.json.withoutNulls,
                "snapshot": reference,
            ]
            let eligible: JSONValue = .array(matches?.eligible.map(\.json.withoutNulls) ?? [])
            func with(_ values: AnswerTemplate.Values, _ fields: [AnswerTemplate.Field], _ members: [String: JSONValue])
                -> JSONValue
            {
                var members = members
                for field in fields where !values.json(field).isNull {
                    members[field.key.rawValue] = values.json(field)
                }
                return .object(members)
            }
            score = { values in
                with(
                    values, Components.Schemas.ScoreResponse.fields,
                    scored.merging(["uscc": .string(snapshot.uscc), "products": eligible]) { $1 })
            }
            profile = { values in
                with(
                    values, Components.Schemas.ProfileResponse.fields,
                    scored.merging([
                        "firm": body.firm.json, "as_of": .string(body.asOf.description), "window": body.window.json,
                        "features": SnapshotBody.json(body.features),
                    ]) { $1 })
            }
            products = { values in
                var members: [String: JSONValue] = [
                    "uscc": .string(snapshot.uscc), "eligible": eligible,
                    "ineligible": .array(matches?.ineligible.map(\.json.withoutNulls) ?? []), "snapshot": reference,
                ]
                if let matches { members["catalog_sha256"] = .string(matches.catalogSHA256) }
                return with(values, Components.Schemas.ProductsResponse.fields, members)
            }
        }
    }

    /// The firm as served: its score answer prepared.
    static func firm(_ parsed: Parsed, matchers: [Int64: ProductMatcher]) throws -> Firm {
        let snapshot = parsed.snapshot
        do {
            let answers = try Answers(parsed, matchers: matchers)
            return Firm(snapshotID: snapshot.id, hash: snapshot.hash, score: try PreparedResponse(answers.score))
        } catch let error as CorruptSnapshotError {
            throw error
        } catch {
            throw CorruptSnapshotError(
                snapshotID: snapshot.id, reason: "body does not have the documented shape: \(error)")
        }
    }

    /// Decodes the firm's three answers into the generated response types: a body of another
    /// shape than openapi.yaml documents fails the load. One firm per page is checked (every body
    /// of a batch is written by the same build); `AnswerTemplateTests` checks every firm of a
    /// region.
    static func checkShape(_ parsed: Parsed, matchers: [Int64: ProductMatcher]) throws {
        let values = AnswerTemplate.Values(requestID: "r", consentRef: "c", purpose: "p", requestedAmount: 1)
        do {
            let answers = try Answers(parsed, matchers: matchers)
            let decoder = JSONDecoder()
            _ = try decoder.decode(
                Components.Schemas.ScoreResponse.self, from: Data(answers.score(values).canonicalBytes()))
            _ = try decoder.decode(
                Components.Schemas.ProfileResponse.self, from: Data(answers.profile(values).canonicalBytes()))
            _ = try decoder.decode(
                Components.Schemas.ProductsResponse.self, from: Data(answers.products(values).canonicalBytes()))
        } catch let error as CorruptSnapshotError {
            throw error
        } catch {
            throw CorruptSnapshotError(
                snapshotID: parsed.snapshot.id, reason: "body does not have the documented shape: \(error)")
        }
    }

    /// The firm's matches in full (limits, rates, every failed rule with the firm's value, the
    /// threshold and a sentence); none when the build had no catalog. The body stores the
    /// matcher's decisions compactly (docs/snapshots.md); matching the body's features against
    /// the catalog version it names gives them back in full, and must give the same decisions.
    static func products(_ parsed: Parsed, matchers: [Int64: ProductMatcher]) throws -> ProductMatchResult? {
        let snapshot = parsed.snapshot
        guard let stored = parsed.body.products else { return nil }
        guard let matcher = matchers[stored.catalogID] else {
            throw CorruptSnapshotError(
                snapshotID: snapshot.id, reason: "product catalog version \(stored.catalogID) is not stored")
        }
        let result = matcher.match(snapshot: parsed.body)
        let storedEligible = stored.eligible.map(\.product)
        guard storedEligible == result.eligible.map(\.productID) else {
            throw CorruptSnapshotError(
                snapshotID: snapshot.id,
                reason:
                    "stored eligible products \(storedEligible) differ from matching its features against catalog \(stored.catalogID)"
            )
        }
        return result
    }
}

/// Runs `work` on a Dispatch worker thread and waits for it: CPU-bound work that would otherwise
/// hold one of the few cooperative threads requests run on.
func onWorkerThreads<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
