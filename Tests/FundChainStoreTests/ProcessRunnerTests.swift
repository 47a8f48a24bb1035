import Foundation
import Testing

@testable import FundChainStore

#if canImport(Glibc)
    import Glibc
#endif

struct ProcessRunnerTests {
    /// `pg_ctl start` leaves PostgreSQL running as a daemon. It must not keep this process's
    /// descriptors: another test's pipe held open by it never reaches EOF, and that test's
    /// reader waits forever.
    @Test func theChildKeepsNoneOfOurDescriptors() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        for fd in ends {
            let result = try ProcessRunner.run(
                "/bin/sh", ["-c", "if [ -e /proc/$$/fd/\(fd) ]; then echo inherited; fi"])
            #expect(result.succeeded)
            #expect(result.stdout == "", "descriptor \(fd) (a pipe end) reached the child")
        }
    }

    /// The captured output is the child's alone: the files holding it are 0600, so no other
    /// local user can read it or write into it (they were 0666 for every run until the fix).
    @Test func theOutputFilesAreOursAlone() throws {
        let result = try ProcessRunner.run(
            "/bin/sh", ["-c", "stat -L -c %a /proc/self/fd/1; stat -L -c %a /proc/self/fd/2"])
        #expect(result.succeeded)
        #expect(result.stdout == "600\n600\n")
    }

    /// Run as another user (root only), the child owns its output files, so it can also reopen
    /// them by path, as `> /dev/stderr` does.
    @Test(.enabled(if: geteuid() == 0 && getpwnam("postgres") != nil, "needs root and the postgres user"))
    func aChildRunAsAnotherUserOwnsItsOutput() throws {
        let result = try ProcessRunner.run(
            "/bin/sh", ["-c", "stat -L -c '%U %a' /proc/self/fd/1; echo reopened > /dev/stderr"], as: "postgres")
        #expect(result.succeeded, "\(result.stderr)")
        #expect(result.stdout == "postgres 600\n")
        #expect(result.stderr == "reopened\n")
    }

    /// `pg_ctl start` leaves a daemon behind; when it keeps the child's stdout and stderr (as the
    /// postmaster does without `-l`), the run still ends when the child does. Reading a pipe to
    /// its end would wait for the daemon (here 60 s).
    @Test func aDaemonKeepingTheOutputOpenDoesNotHoldUpTheReturn() throws {
        let started = ContinuousClock.now
        let result = try ProcessRunner.run("/bin/sh", ["-c", "sleep 60 & echo $!; echo started >&2"])
        let elapsed = ContinuousClock.now - started
        if let daemon = Int32(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) { kill(daemon, SIGKILL) }
        #expect(result.succeeded)
        #expect(result.stderr == "started\n")
        #expect(elapsed < .seconds(30), "the run waited for the daemon: \(elapsed)")
    }

    /// A child that writes more than a pipe holds to stderr before anything to stdout (reading
    /// stdout to its end first would deadlock) gets both back whole.
    @Test func muchOnStderrBeforeStdoutComesBackWhole() throws {
        let script = "head -c 1500000 /dev/zero | tr '\\0' e >&2; echo out; exit 7"
        let result = try ProcessRunner.run("/bin/sh", ["-c", script])
        #expect(result.status == 7)
        #expect(result.stdout == "out\n")
        #expect(result.stderr.utf8.count == 1_500_000)
        #expect(result.stderr.utf8.allSatisfy { $0 == UInt8(ascii: "e") })
    }

    @Test func outputAndStatusComeBack() throws {
        let result = try ProcessRunner.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
    }
}
