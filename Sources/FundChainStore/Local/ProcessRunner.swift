// Why not swift-subprocess (issue 17 item 7). Measured on 2026-12-02 with swift-subprocess 1.0.2
// against this file, debug builds, on 2 cores shared with other builds (the measuring program was
// not kept). On its own swift-subprocess is correct:
// - 40 `pg_ctl start -w -l`, `status`, `stop -m fast` cycles as `postgres` through `runuser`:
//   all exited 0 with the expected output, no hang, times as here (start 0.31-0.47 s mean against
//   0.34-0.45 s here, stop 0.22-0.23 s against 0.23-0.25 s, initdb 8.3-11.2 s against 6.8-8.9 s);
// - `pg_ctl start` without `-l` (the postmaster keeps pg_ctl's pipes) and `sh -c 'sleep 20 & …'`
//   returned at once: 1.0.2 stops reading when the child exits;
// - 1.5 MB on stderr before 0.3 MB on stdout came back whole, with the exit status;
// - the built `fundchain graph scc|pagerank` (25 KB, 83 KB on stdout): the same output, 0.18-0.22 s
//   a run against 0.16-0.28 s here;
// - no descriptor of ours reached the child (a closefrom action), and ours did not grow over 200
//   runs.
// It is not used because its API is async only and these callers are synchronous: LocalCluster's
// public `init(home:)`, `start`, `stop` and `isRunning`, `TestCluster.enabled` (a static), and 75
// `CLIRun.run` calls in the tests.
// - Blocking on it (a `Task` and a semaphore) deadlocked with just 2 concurrent callers on the
//   cooperative pool (2 cores; the test suite runs its tests in parallel there), where 8 tasks
//   calling this type at once finished in 0.19 s.
// - Collecting the 1.8 MB took 2.1-3.0 s (1.0-1.5 s in release) against 0.11-0.26 s here
//   (0.04-0.13 s in release).
// - Making every caller async would add two packages (Subprocess, swift-system) and change the
//   CLI's and the tests' code throughout, to replace a file with no known hang.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command to completion and captures its output. Used for the PostgreSQL server tools,
/// and by the tests to run the built binary (`package`: FundChainTestSupport's `CLIRun`).
///
/// Built on `posix_spawn` and `waitpid` rather than Foundation's `Process`, whose termination
/// monitoring can hang on Linux when the child leaves a daemon behind (as `pg_ctl start` does).
/// Output goes to temporary files, so a chatty child can never block on a full pipe, and a
/// daemon left behind holding stdout or stderr cannot hold up the return. Synchronous, and safe
/// to call from many tasks at once: it blocks its thread in `waitpid` and waits for no other task.
package struct ProcessRunner: Sendable {
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
        package var succeeded: Bool { status == 0 }
    }

    /// Runs `executable` with `arguments`, as `user` (through `runuser`) when given.
    package static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> Result {
        let argv = user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]
        let all = argv + arguments
        let template = NSTemporaryDirectory() + "/fundchain-run-XXXXXX"
        var outPath = Array(template.utf8CString)
        var errPath = Array(template.utf8CString)
        let outFD = mkstemp(&outPath)
        let errFD = mkstemp(&errPath)
        guard outFD >= 0, errFD >= 0 else { throw StoreError(.clusterFailed, "cannot create a temporary file") }
        defer {
            close(outFD)
            close(errFD)
            unlink(outPath)
            unlink(errPath)
        }
        // The files stay 0600 (mkstemp's mode): no other local user can read the output or write
        // into it. The child writes to the descriptors it inherits, which needs no permission;
        // a child running as `user` that reopens /dev/stdout by path needs to own them.
        if let user {
            guard let entry = getpwnam(user) else { throw StoreError(.clusterFailed, "no such user \(user)") }
            guard fchown(outFD, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0,
                fchown(errFD, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0
            else { throw StoreError(.clusterFailed, "cannot hand the output files to \(user)") }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outFD, 1)
        posix_spawn_file_actions_adddup2(&actions, errFD, 2)
        closeInheritedDescriptors(&actions)

        var cArgs: [UnsafeMutablePointer<CChar>?] = all.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, all[0], &actions, nil, &cArgs, environ)
        guard spawned == 0 else {
            throw StoreError(.clusterFailed, "cannot run \(all[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw StoreError(.clusterFailed, "waitpid failed for \(all[0])") }
        }
        let exited = (status & 0x7F) == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: code, stdout: read(fd: outFD), stderr: read(fd: errFD))
    }

    /// Asks the child to close every descriptor above stderr. `pg_ctl start` leaves PostgreSQL
    /// running as a daemon, which would otherwise keep whatever this process had open at that
    /// moment for as long as it runs: another test's pipe (whose reader then never sees EOF),
    /// client sockets (whose backends then never see the client leave), a lock file.
    static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        // Without it (glibc before 2.34) the child inherits as before.
        _ = closeFromAction?(&actions, 3)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+; not in Swift's Glibc module,
    /// which leaves out the GNU extensions).
    static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else {
            return nil
        }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    static func read(fd: Int32) -> String {
        lseek(fd, 0, SEEK_SET)
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
