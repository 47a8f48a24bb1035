import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainServer

#if canImport(Glibc)
    import Glibc
#endif

/// The listener's own limits, seen from a raw TCP client: a request head that never completes is
/// cut off after the idle timeout, and connections beyond the cap wait until one closes.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ConnectionLimitTests {
    /// A blocking TCP client on 127.0.0.1 whose reads give up after `readTimeout` seconds.
    /// Reads block a Dispatch thread, never one of the few cooperative threads the server under
    /// test needs to answer. (`@unchecked Sendable`: each test uses a connection from one task at
    /// a time; the descriptor is only closed by `deinit`.)
    final class RawConnection: @unchecked Sendable {
        let fd: Int32

        init(port: Int, readTimeout: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        func send(_ text: String) {
            _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        }

        /// What one read returns: bytes, `.closed` (EOF or reset) or `.timedOut`.
        enum Read: Equatable { case bytes(String), closed, timedOut }

        func read() async -> Read {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.blockingRead()) }
            }
        }

        func blockingRead() -> Read {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { return .bytes(String(decoding: buffer[..<n], as: UTF8.self)) }
            if n == 0 || errno == ECONNRESET { return .closed }
            if errno == EINTR { return blockingRead() }
            return .timedOut
        }

        deinit { close(fd) }
    }

    @Test(arguments: [UInt64(28)])
    func aRequestHeadThatNeverEndsIsCutOff(seed: UInt64) async throws {
        try await Region.with(firms: 20, seed: seed) { region in
            try await region.withLiveServer(configure: { $0.idleTimeout = .milliseconds(500) }) { port in
                // Half a request head, then nothing: the server closes it (reads wait up to 20 s).
                let slow = try RawConnection(port: port, readTimeout: 20)
                slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                #expect(await slow.read() == .closed)
                // A whole request on a fresh connection is still answered.
                let fine = try RawConnection(port: port, readTimeout: 20)
                fine.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                guard case .bytes(let answer) = await fine.read() else { Issue.record("no answer"); return }
                #expect(answer.hasPrefix("HTTP/1.1 200"))
            }
        }
    }

    @Test(arguments: [UInt64(29)])
    func connectionsBeyondTheCapWaitUntilOneCloses(seed: UInt64) async throws {
        try await Region.with(firms: 20, seed: seed) { region in
            try await region.withLiveServer(configure: { $0.maxConnections = 1 }) { port in
                var first: RawConnection? = try RawConnection(port: port, readTimeout: 20)
                first!.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                guard case .bytes(let answer) = await first!.read() else { Issue.record("no answer"); return }
                #expect(answer.hasPrefix("HTTP/1.1 200"))
                // The first stays open (keep-alive): the second is not served while it does…
                let second = try RawConnection(port: port, readTimeout: 2)
                second.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                #expect(await second.read() == .timedOut)
                // …and is once it closes.
                first = nil
                var reply = RawConnection.Read.timedOut
                for _ in 0..<10 where reply == .timedOut { reply = await second.read() }
                guard case .bytes(let late) = reply else {
                    Issue.record("no answer after the first closed: \(reply)"); return
                }
                #expect(late.hasPrefix("HTTP/1.1 200"))
            }
        }
    }
}
