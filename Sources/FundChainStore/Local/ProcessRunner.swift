import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command to completion and captures its output. Used for the PostgreSQL server tools,
/// and by the tests to run the built binary (`package`: FundChainTestSupport's `CLIRun`).
///
/// Built on `posix_spawn` and `waitpid` rather than Foundation's `Process`, whose termination
/// monitoring can hang on Linux when the child leaves a daemon behind (as `pg_ctl start` does).
/// Output goes to temporary files, so a chatty child can never block on a full pipe.
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
        // The child writes as another user: let it write to our temporary files.
        fchmod(outFD, 0o666)
        fchmod(errFD, 0o666)

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
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
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
