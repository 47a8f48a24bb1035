import Foundation
import FundChainStore

/// Runs the built `fundchain` binary, or any other program, to completion through the store's
/// `ProcessRunner` (posix_spawn and waitpid: Foundation's `Process` can hang on Linux; the output
/// goes to files, so a child writing much to stderr can never block on a full pipe).
package enum CLIRun {
    package typealias Result = ProcessRunner.Result

    /// The binary next to the test bundle (SwiftPM puts products and tests in one folder; `swift
    /// build --build-tests` builds it).
    package static var binary: String {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("fundchain"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("fundchain"),
            repoRoot.appendingPathComponent(".build/debug/fundchain"),
        ]
        return (candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]).path
    }

    /// `fundchain arguments…`, with `FUNDCHAIN_HOME` set to a directory of this test process
    /// unless the caller set one: a test's build must not sign with, or publish checkpoints to,
    /// the developer's `~/.fundchain`.
    package static func run(_ arguments: [String]) throws -> Result {
        _ = isolatedHome
        return try ProcessRunner.run(binary, arguments)
    }

    /// Set once, before the first child starts (the children inherit the environment); removed
    /// when the process exits.
    static let isolatedHome: String? = {
        if let home = ProcessInfo.processInfo.environment["FUNDCHAIN_HOME"], !home.isEmpty { return nil }
        let home = NSTemporaryDirectory() + "fundchain-cli-home-\(getpid())"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        setenv("FUNDCHAIN_HOME", home, 1)
        atexit { if let home = CLIRun.isolatedHome { try? FileManager.default.removeItem(atPath: home) } }
        return home
    }()

    /// `executable arguments…` (e.g. `/usr/bin/openssl`).
    package static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        try ProcessRunner.run(executable, arguments)
    }
}

extension ProcessRunner.Result: CustomStringConvertible {
    package var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}
