import Synchronization

/// Per-key token buckets: each key holds up to `burst` tokens, refilled at `rate` per second;
/// a request takes one, and with none left it is refused with the time until the next token.
final class RateLimiter: Sendable {
    struct Bucket: Sendable {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; retry after this many whole seconds (at least 1).
        case limited(retryAfterSeconds: Int)
    }

    let rate: Double
    let burst: Double
    /// Held only for one dictionary update per request (no I/O, no await).
    let buckets = Mutex<[Int64: Bucket]>([:])

    init(rate: Double, burst: Double) {
        precondition(rate > 0 && burst >= 1, "rate limit: rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
    }

    /// - Complexity: O(1).
    func take(key: Int64, now: ContinuousClock.Instant = .now) -> Decision {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return .allowed
            }
            let wait = (1 - bucket.tokens) / rate
            return .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
        }
    }
}
