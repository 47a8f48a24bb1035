import FundChainStore
import PostgresNIO
import Testing

struct DatabaseConfigurationTests {
    /// PostgresNIO 1.33.2's pool can fail to shut down while a keep-alive ping is running (with
    /// pings every 20 ms, 3 of 17 runs of the concurrent-writers test, 12 cases each, never returned; without
    /// them, none of 20). FundChain's pools therefore run without them.
    @Test(arguments: [
        DatabaseConfiguration.Endpoint.socket(directory: "/tmp/run", port: 5432), .tcp(host: "db.example", port: 5433),
    ])
    func poolsRunNoKeepAlivePings(endpoint: DatabaseConfiguration.Endpoint) {
        let configuration = DatabaseConfiguration(endpoint: endpoint, username: "u", password: nil, database: "d")
        #expect(configuration.clientConfiguration.options.keepAliveBehavior == nil)
    }
}
