import Foundation
import FundChainStore

/// A throwaway Citus cluster (a coordinator and two workers on Unix sockets), started once per
/// test process with the machine's `../shared/tools/citus start` and stopped when the process
/// exits (docs/scale.md). Its `postgres` database is the coordinator's, with the extension.
///
/// Without Citus installed (`../shared/tools/citus install`), the Citus tests are skipped on a
/// developer's machine and fail under CI (`CI=true`), where `.ci/run` installs it.
package enum CitusCluster {
    /// The tool that installs, starts and stops local Citus clusters.
    package static let tool = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/tools/citus").path

    /// `true` when the tool is there and Citus is installed into this machine's PostgreSQL.
    package static let installed: Bool = {
        guard FileManager.default.isExecutableFile(atPath: tool),
            let share = try? CLIRun.run("/usr/bin/env", ["pg_config", "--sharedir"]), share.status == 0
        else { return false }
        let control = share.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/extension/citus.control"
        return FileManager.default.fileExists(atPath: control)
    }()

    /// `true` when Citus tests should run (always under CI, where a missing Citus fails them).
    package static let enabled: Bool = TestCluster.isCI || installed

    static let directory = NSTemporaryDirectory() + "fundchain-citus-\(getpid())"

    /// The coordinator, as the superuser `postgres`; started by the first test that asks.
    package static let started: Result<DatabaseConfiguration, any Error> = Result {
        guard installed else {
            throw CitusClusterError(
                message: "Citus is not installed (or \(tool) is missing): run ../shared/tools/citus install")
        }
        // A port of this process's own, so that two test runs on one machine do not meet.
        let port = 20_000 + Int(getpid() % 2_000) * 4
        let run = try CLIRun.run(tool, ["start", directory, "--workers", "2", "--port", String(port)])
        guard run.status == 0, let url = run.stdout.split(separator: "\n").last.map(String.init) else {
            throw CitusClusterError(message: "citus start failed: \(run)")
        }
        atexit {
            _ = try? CLIRun.run(CitusCluster.tool, ["stop", CitusCluster.directory])
            try? FileManager.default.removeItem(atPath: CitusCluster.directory)
        }
        return try DatabaseConfiguration(url: url)
    }
}

package struct CitusClusterError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
