import Foundation
import FundChainStore
import Logging

/// The PostgreSQL cluster the tests use: one managed local cluster under `$FUNDCHAIN_TEST_HOME`
/// (default: a per-user directory in the temporary folder), started once per test process, on
/// first use, in the unsafe-fast durability mode (it is thrown away). The test script
/// (`scripts/test`) stops and removes it afterwards.
///
/// Without PostgreSQL installed, database tests are skipped on a developer's machine and fail
/// under CI (`CI=true`), where a skipped database test would hide a broken set-up.
package enum TestCluster {
    package static let environment = ProcessInfo.processInfo.environment
    package static let isCI = environment["CI"] == "true"
    package static let home =
        environment["FUNDCHAIN_TEST_HOME"] ?? NSTemporaryDirectory() + "fundchain-test-\(getuid())"

    /// `true` when database tests should run (always under CI).
    package static let enabled: Bool = isCI || (try? LocalCluster(home: home)) != nil

    /// `true` when tests that also need `openssl` (test certificates) should run (always under CI).
    package static let tlsEnabled: Bool =
        isCI || (enabled && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"))

    /// The shared cluster, started once (the first test to ask starts it).
    package static let started: Result<LocalCluster, any Error> = Result {
        let cluster = try LocalCluster(home: home)
        try cluster.start(durability: .unsafeFast)  // a throwaway test cluster
        return cluster
    }

    package static let logger: Logger = {
        var logger = Logger(label: "fundchain.tests")
        logger.logLevel = .warning
        return logger
    }()
}
