/// A fast, deterministic random number generator (xoshiro256**, seeded through SplitMix64).
///
/// Everything random in FundChain — synthetic data, train/test splits, community detection —
/// takes one of these with an explicit seed, so the same seed gives the same result everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    @inlinable
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// An independent stream derived from this seed and a label, for reproducible sub-tasks
    /// that can run in any order or in parallel.
    public static func stream(seed: UInt64, _ label: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed ^ (label &* 0x9E37_79B9_7F4A_7C15))
    }
}
