import Foundation
import Testing

@testable import FundChainServer

/// Request ids are random version-4 UUIDs in lower-case hex, as Foundation writes them.
@Suite struct RequestIDTests {
    @Test func bitsAreWrittenAsAVersion4UUID() {
        #expect(RequestID.make(high: 0, low: 0) == "00000000-0000-4000-8000-000000000000")
        #expect(RequestID.make(high: .max, low: .max) == "ffffffff-ffff-4fff-bfff-ffffffffffff")
        #expect(
            RequestID.make(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
                == "01234567-89ab-4def-bedc-ba9876543210")
    }

    /// Foundation, as the independent reference: it reads each id back as the same UUID, of
    /// version 4 and the RFC variant, and no two of ten thousand ids are equal.
    @Test func foundationReadsThemAsTheSameRandomUUIDs() throws {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = RequestID.make()
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString.lowercased() == id)
            #expect(uuid.uuid.6 >> 4 == 4 && uuid.uuid.8 >> 6 == 0b10)
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
