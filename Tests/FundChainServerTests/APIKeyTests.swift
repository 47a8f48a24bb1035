import FundChainCore
import Testing

@testable import FundChainServer

/// Key format and comparison (no I/O).
struct APIKeyTests {
    @Test func generatedKeysParseBackAndDiffer() throws {
        let a = APIKey.generate()
        let b = APIKey.generate()
        #expect(a != b && a.prefix != b.prefix)
        #expect(a.text.count == 3 + 12 + 1 + 64 && a.text.hasPrefix("fc_\(a.prefix)_"))
        #expect(APIKey(parsing: a.text) == a)
        // SHA-256 of the key text, lowercase hex.
        #expect(a.sha256.count == 64 && a.sha256.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test(arguments: [
        "", "fc_", "fc_0123456789ab_", "xx_0123456789ab_" + String(repeating: "0", count: 64),
        "fc_0123456789AB_" + String(repeating: "0", count: 64), "fc_0123456789ab-" + String(repeating: "0", count: 64),
        "fc_0123456789ab_" + String(repeating: "0", count: 63), "fc_0123456789ab_" + String(repeating: "g", count: 64),
    ])
    func malformedKeysAreRefused(text: String) {
        #expect(APIKey(parsing: text) == nil)
    }

    @Test func constantTimeEqualIsEquality() {
        let key = APIKey.generate()
        let digest = key.digest
        let bytes = Array(digest)
        #expect(APIKey.constantTimeEqual(digest, bytes))
        #expect(Hex.encode(bytes) == key.sha256)
        var other = bytes
        other[31] ^= 1
        #expect(!APIKey.constantTimeEqual(digest, other))
        #expect(!APIKey.constantTimeEqual(digest, Array(bytes.dropLast())))
        #expect(!APIKey.constantTimeEqual(digest, []))
    }

    /// Token bucket: burst 2 at 1 token/s, times given explicitly.
    @Test func tokenBucketRefillsAtItsRate() {
        let limiter = RateLimiter(rate: 1, burst: 2)
        let t0 = ContinuousClock.now
        #expect(limiter.take(key: 1, now: t0) == .allowed)
        #expect(limiter.take(key: 1, now: t0) == .allowed)
        #expect(limiter.take(key: 1, now: t0) == .limited(retryAfterSeconds: 1))
        #expect(limiter.take(key: 2, now: t0) == .allowed)
        #expect(limiter.take(key: 1, now: t0 + .milliseconds(500)) == .limited(retryAfterSeconds: 1))
        #expect(limiter.take(key: 1, now: t0 + .milliseconds(1000)) == .allowed)
        #expect(limiter.take(key: 1, now: t0 + .seconds(10)) == .allowed)
        #expect(limiter.take(key: 1, now: t0 + .seconds(10)) == .allowed)
        #expect(limiter.take(key: 1, now: t0 + .seconds(10)) == .limited(retryAfterSeconds: 1))
    }
}
