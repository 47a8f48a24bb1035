import FundChainStore

extension GeneratedRegion {
    /// Ingests the firms, accounts and transactions of `firms` × 12 months generated with `seed`
    /// into `database`; returns the generated directory (shared: read it, do not change it).
    package static func ingest(into database: Database, firms: Int, seed: UInt64) async throws -> String {
        let directory = try await directory(firms: firms, seed: seed)
        for kind in [IngestKind.firms, .accounts, .transactions] {
            _ = try await Ingestor(database: database).ingest(kind, path: "\(directory)/\(kind.rawValue).csv")
        }
        return directory
    }
}
