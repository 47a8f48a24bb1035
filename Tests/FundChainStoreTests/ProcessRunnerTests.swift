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
            let result = try ProcessRunner.run("/bin/sh", ["-c", "if [ -e /proc/$$/fd/\(fd) ]; then echo inherited; fi"])
            #expect(result.succeeded)
            #expect(result.stdout == "", "descriptor \(fd) (a pipe end) reached the child")
        }
    }

    @Test func outputAndStatusComeBack() throws {
        let result = try ProcessRunner.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
    }
}
