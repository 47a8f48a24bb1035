import Foundation
import FundChainCore
import FundChainStore

/// One snapshot batch, ready to serve: every firm's answers decoded once, at load, into the
/// response types (only the request's own fields are filled in per request). Immutable;
/// a reload builds a new one and swaps it in whole.
struct ServingState: Sendable {
    struct Firm: Sendable {
        var snapshotID: Int64
        /// `request_id` empty; filled per request.
        var profile: Components.Schemas.ProfileResponse
        /// `request_id` empty; filled per request.
        var products: Components.Schemas.ProductsResponse
        /// The `POST /v1/scores` answer, pre-encoded (nil in the rare case it cannot be).
        var scoreTemplate: ScoreTemplate? = nil

        /// The `POST /v1/scores` answer with the request's own fields.
        func scoreResponse(requestID: String, consentRef: String, requestedAmount: Int64?, purpose: String?)
            -> Components.Schemas.ScoreResponse
        {
            Components.Schemas.ScoreResponse(
                requestId: requestID, uscc: profile.firm.uscc, consentRef: consentRef, requestedAmount: requestedAmount,
                purpose: purpose, score: profile.score, pd: profile.pd, grade: profile.grade, reasons: profile.reasons,
                model: profile.model, snapshot: profile.snapshot, products: products.eligible)
        }
    }

    struct CorruptSnapshot: Error, Sendable, CustomStringConvertible {
        var snapshotID: Int64
        var reason: String
        var description: String { "snapshot \(snapshotID): \(reason)" }
    }

    let batch: SnapshotBatch
    let firms: [String: Firm]
    var count: Int { firms.count }

    /// A snapshot with its body parsed.
    struct Parsed: Sendable {
        var snapshot: StoredSnapshot
        var body: [String: JSONValue]

        /// The product catalog version the build matched the firm to, if any.
        var catalogID: Int64? { body["products"]?["catalog_id"]?.int64Value }
    }

    /// Reads `batch`'s snapshots and the product catalog versions they name, and prepares them.
    static func load(_ batch: SnapshotBatch, from database: Database) async throws -> ServingState {
        let parsed = try parse(try await SnapshotStore(database: database).snapshots(batch: batch.id))
        var catalogs: [Int64: ProductCatalog] = [:]
        for id in Set(parsed.compactMap(\.catalogID)) {
            if let version = try await ProductCatalogStore(database: database).version(id: id) { catalogs[id] = version.catalog }
        }
        return try ServingState(batch: batch, parsed: parsed, catalogs: catalogs)
    }

    /// Parses every body (the first step of loading a batch: the catalogs it names are read next).
    static func parse(_ snapshots: [StoredSnapshot]) throws -> [Parsed] {
        try snapshots.map { snapshot in
            let body: JSONValue
            do {
                body = try JSONValue(parsing: snapshot.body)
            } catch {
                throw CorruptSnapshot(snapshotID: snapshot.id, reason: "body is not JSON: \(error)")
            }
            guard case .object(let root) = body else {
                throw CorruptSnapshot(snapshotID: snapshot.id, reason: "body is not a JSON object")
            }
            return Parsed(snapshot: snapshot, body: root)
        }
    }

    /// - Parameter catalogs: every catalog version the bodies name (`Parsed.catalogID`).
    /// - Complexity: O(total body size) (each body decoded twice), plus one product match per firm.
    init(batch: SnapshotBatch, parsed: [Parsed], catalogs: [Int64: ProductCatalog]) throws {
        self.batch = batch
        var firms: [String: Firm] = [:]
        firms.reserveCapacity(parsed.count)
        let decoder = JSONDecoder()
        let encoder = ScoringServer.jsonEncoder()
        let matchers = catalogs.mapValues { ProductMatcher(catalog: $0) }
        for snapshot in parsed {
            firms[snapshot.snapshot.uscc] = try Self.firm(snapshot, matchers: matchers, decoder: decoder, encoder: encoder)
        }
        self.firms = firms
    }

    subscript(uscc: String) -> Firm? { firms[uscc] }

    static func firm(_ parsed: Parsed, matchers: [Int64: ProductMatcher], decoder: JSONDecoder, encoder: JSONEncoder)
        throws -> Firm
    {
        let snapshot = parsed.snapshot
        let root = parsed.body
        let reference: JSONValue = .object([
            "id": .int(snapshot.id), "batch_id": .int(snapshot.batchID), "as_of": .string(snapshot.asOf.description),
            "hash": .string(snapshot.hash),
        ])
        let profile: JSONValue = .object([
            "request_id": .string(""), "firm": root["firm"] ?? .null, "as_of": root["as_of"] ?? .null,
            "window": root["window"] ?? .null, "features": root["features"] ?? .object([:]),
            "score": .int(Int64(snapshot.score)), "pd": .number(snapshot.pd), "grade": .string(snapshot.grade),
            "reasons": root["reasons"] ?? .array([]), "model": root["model"] ?? .null, "snapshot": reference,
        ])
        let matches = try products(parsed, matchers: matchers)
        let products: JSONValue = .object([
            "request_id": .string(""), "uscc": .string(snapshot.uscc),
            "catalog_sha256": matches.map { .string($0.catalogSHA256) } ?? .null,
            "eligible": .array(matches?.eligible.map(\.json) ?? []), "ineligible": .array(matches?.ineligible.map(\.json) ?? []),
            "snapshot": reference,
        ])
        var firm: Firm
        do {
            firm = Firm(
                snapshotID: snapshot.id,
                profile: try decoder.decode(Components.Schemas.ProfileResponse.self, from: Data(profile.canonicalBytes())),
                products: try decoder.decode(Components.Schemas.ProductsResponse.self, from: Data(products.canonicalBytes())))
        } catch {
            throw CorruptSnapshot(snapshotID: snapshot.id, reason: "body does not have the documented shape: \(error)")
        }
        firm.scoreTemplate = try ScoreTemplate(
            firm.scoreResponse(requestID: "", consentRef: "", requestedAmount: nil, purpose: nil), encoder: encoder)
        return firm
    }

    /// The firm's matches in full (limits, rates, every failed rule with the firm's value, the
    /// threshold and a sentence), or `nil` when the build had no catalog. The body stores the
    /// matcher's decisions compactly (docs/snapshots.md); matching the body's features against
    /// the catalog version it names gives them back in full, and must give the same decisions.
    static func products(_ parsed: Parsed, matchers: [Int64: ProductMatcher]) throws -> ProductMatchResult? {
        let snapshot = parsed.snapshot
        guard let stored = parsed.body["products"], stored != .null else { return nil }
        guard let catalogID = parsed.catalogID else {
            throw CorruptSnapshot(snapshotID: snapshot.id, reason: "products names no catalog_id")
        }
        guard let matcher = matchers[catalogID] else {
            throw CorruptSnapshot(snapshotID: snapshot.id, reason: "product catalog version \(catalogID) is not stored")
        }
        let firm = parsed.body["firm"]
        let facts = FirmFacts(
            points: snapshot.score, grade: snapshot.grade, pd: snapshot.pd, industry: firm?["industry"]?.stringValue ?? "",
            region: firm?["region"]?.stringValue ?? "")
        let result = matcher.match(features: SnapshotBody.features(of: .object(parsed.body)) ?? FeatureVector(), firm: facts)
        let storedEligible = (stored["eligible"]?.arrayValue ?? []).compactMap { $0["product"]?.stringValue }
        guard storedEligible == result.eligible.map(\.productID) else {
            throw CorruptSnapshot(
                snapshotID: snapshot.id,
                reason: "stored eligible products \(storedEligible) differ from matching its features against catalog \(catalogID)")
        }
        return result
    }
}
