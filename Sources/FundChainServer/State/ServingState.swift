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
    }

    struct CorruptSnapshot: Error, Sendable, CustomStringConvertible {
        var snapshotID: Int64
        var reason: String
        var description: String { "snapshot \(snapshotID): \(reason)" }
    }

    let batch: SnapshotBatch
    let firms: [String: Firm]
    var count: Int { firms.count }

    /// - Complexity: O(total body size) (each body parsed once and decoded twice).
    init(batch: SnapshotBatch, snapshots: [StoredSnapshot]) throws {
        self.batch = batch
        var firms: [String: Firm] = [:]
        firms.reserveCapacity(snapshots.count)
        let decoder = JSONDecoder()
        for snapshot in snapshots {
            firms[snapshot.uscc] = try Self.firm(snapshot, decoder: decoder)
        }
        self.firms = firms
    }

    subscript(uscc: String) -> Firm? { firms[uscc] }

    static func firm(_ snapshot: StoredSnapshot, decoder: JSONDecoder) throws -> Firm {
        let body: JSONValue
        do {
            body = try JSONValue(parsing: snapshot.body)
        } catch {
            throw CorruptSnapshot(snapshotID: snapshot.id, reason: "body is not JSON: \(error)")
        }
        guard case .object(let root) = body else {
            throw CorruptSnapshot(snapshotID: snapshot.id, reason: "body is not a JSON object")
        }
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
        // Matches are the build's (`"products"`: ProductMatchResult.json), or null / absent when
        // the build had no catalog: then no product is offered.
        let matches = root["products"]?.objectValue
        let products: JSONValue = .object([
            "request_id": .string(""), "uscc": .string(snapshot.uscc),
            "catalog_sha256": matches?["catalog_sha256"] ?? .null,
            "eligible": matches?["eligible"] ?? .array([]), "ineligible": matches?["ineligible"] ?? .array([]),
            "snapshot": reference,
        ])
        do {
            return Firm(
                snapshotID: snapshot.id,
                profile: try decoder.decode(Components.Schemas.ProfileResponse.self, from: Data(profile.canonicalBytes())),
                products: try decoder.decode(Components.Schemas.ProductsResponse.self, from: Data(products.canonicalBytes())))
        } catch {
            throw CorruptSnapshot(snapshotID: snapshot.id, reason: "body does not have the documented shape: \(error)")
        }
    }
}
