import FundChainTestSupport
import NIOCore
import PostgresNIO
import Testing

@testable import FundChainStore

/// COPY that the server refuses part-way (a unique violation) must fail with the server's error
/// and leave the connection usable, however much data is still in flight.
@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct CopyTests {
    /// `rows` lines `key<TAB>padding`, keys 0…rows-1, ~16 MiB for the default: far past the
    /// channel's write watermark, so the server answers while data is still being sent.
    static func buffer(rows: Int = 200_000) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: rows * 90)
        let padding = String(repeating: "x", count: 80)
        for i in 0..<rows { buffer.writeString("\(i)\t\(padding)\n") }
        return buffer
    }

    @Test(arguments: [0, 150_000])
    func uniqueViolationMidCopyFailsAndTheConnectionRecovers(duplicateKey: Int) async throws {
        try await withTestDatabase { db in
            try await db.client.withConnection { connection in
                let logger = TestCluster.logger
                try await connection.query("CREATE TABLE copy_target (k int PRIMARY KEY, pad text)", logger: logger)
                try await connection.query("INSERT INTO copy_target VALUES (\(duplicateKey), 'first')", logger: logger)
                try await connection.query("BEGIN", logger: logger)
                try await connection.query("SAVEPOINT attempt", logger: logger)
                var state: String?
                do {
                    try await copy(
                        Self.buffer(), into: "copy_target", columns: ["k", "pad"], connection: connection,
                        logger: logger)
                } catch {
                    state = Database.sqlState(error)
                }
                #expect(state == "23505")
                try await connection.query("ROLLBACK TO SAVEPOINT attempt", logger: logger)
                try await connection.query("COMMIT", logger: logger)
                let count = try await connection.query("SELECT count(*) FROM copy_target", logger: logger)
                    .collect().first!.decode(Int.self)
                #expect(count == 1)
            }
        }
    }
}
