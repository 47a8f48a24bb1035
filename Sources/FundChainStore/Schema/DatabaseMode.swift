import PostgresNIO

/// What kind of database FundChain is connected to (docs/scale.md): a plain PostgreSQL, or the
/// coordinator of a Citus cluster, where schema.sql's last section made the tables distributed
/// and reference tables. The same commands run on both; this only says which it is.
public enum DatabaseMode: Sendable, Equatable, CustomStringConvertible {
    case singleNode(serverVersion: String)
    /// `distributedTables` and `referenceTables` count FundChain's tables (not the partitions).
    case citus(serverVersion: String, citusVersion: String, workers: Int, distributedTables: Int, referenceTables: Int)

    public var description: String {
        switch self {
        case .singleNode(let server):
            return "single-node PostgreSQL \(server)"
        case .citus(let server, let citus, let workers, let distributed, let reference):
            return "Citus \(citus) coordinator on PostgreSQL \(server), \(workers) worker\(workers == 1 ? "" : "s"): "
                + "\(distributed) distributed and \(reference) reference tables"
        }
    }

    public static func detect(_ database: Database) async throws -> DatabaseMode {
        let row = try await database.client.query(
            """
            SELECT current_setting('server_version'), (SELECT extversion FROM pg_extension WHERE extname = 'citus')
            """, logger: database.logger
        ).collect().first!
        let (server, citus) = try row.decode((String, String?).self)
        guard let citus else { return .singleNode(serverVersion: server) }
        let counts = try await database.client.query(
            """
            SELECT (SELECT count(*) FROM pg_dist_node WHERE groupid <> 0 AND noderole = 'primary' AND isactive)::int8,
                   count(*) FILTER (WHERE p.partmethod = 'h')::int8,
                   count(*) FILTER (WHERE p.partmethod = 'n' AND p.repmodel = 't')::int8
            FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid
            WHERE c.relnamespace = 'public'::regnamespace AND NOT c.relispartition
            """, logger: database.logger
        ).collect().first!
        let (workers, distributed, reference) = try counts.decode((Int, Int, Int).self)
        return .citus(
            serverVersion: server, citusVersion: citus, workers: workers, distributedTables: distributed,
            referenceTables: reference)
    }
}
