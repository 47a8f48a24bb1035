import Foundation
import FundChainStore
import PostgresNIO

/// Connecting as a member of one database group (least-privilege tests).
package enum TestRole {
    /// Runs `body` connected to `database`'s database as a new login role in `group` only; the
    /// role is dropped afterwards where it can be.
    package static func asMember<T: Sendable>(
        of group: DatabaseGroup, _ database: Database, _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        let name = "t_\(group.rawValue.dropFirst("fundchain_".count))_" + UUID().uuidString.prefix(8).lowercased()
        try await DatabaseRoles.createLogin(name, group: group, password: nil, on: database)
        let cluster = try TestCluster.started.get()
        var configuration = cluster.configuration
        configuration.database = try await database.client.query("SELECT current_database()").collect()[0].decode(
            String.self)
        configuration.username = name
        // Dropped where it can be (a closing session may still hold its temporary staging
        // tables for a moment; the throwaway test cluster can keep a stray role).
        let result: Result<T, any Error>
        do {
            result = .success(try await Database.with(configuration, logger: TestCluster.logger, body))
        } catch {
            result = .failure(error)
        }
        try? await DatabaseRoles.dropLogin(name, on: database)
        return try result.get()
    }
}
