import Foundation
import FundChainSynthetic

/// Generated regions (`SyntheticEconomyGenerator` output: firms.csv, accounts.csv,
/// transactions.csv, outcomes.csv …), made once per process for each seed and size and shared by
/// the tests that ask for the same one. The directories are read-only to the tests; they are
/// removed when the process exits.
package enum GeneratedRegion {
    /// The directory of `firms` firms × `months` months generated with `seed`.
    package static func directory(firms: Int, months: Int = 12, seed: UInt64) async throws -> String {
        try await GeneratedRegionCache.shared.directory(.init(firms: firms, months: months, seed: seed))
    }
}

actor GeneratedRegionCache {
    static let shared = GeneratedRegionCache()

    /// Every cached region is under here; the directory goes when the process exits.
    static let root: String = {
        let root = NSTemporaryDirectory() + "fundchain-regions-\(getpid())-" + UUID().uuidString.prefix(8)
        atexit { try? FileManager.default.removeItem(atPath: GeneratedRegionCache.root) }
        return root
    }()

    struct Key: Hashable {
        var firms: Int
        var months: Int
        var seed: UInt64
    }

    /// A task per region, so that tests asking for the same one at once wait for one generation.
    private var regions: [Key: Task<String, any Error>] = [:]

    func directory(_ key: Key) async throws -> String {
        if let task = regions[key] { return try await task.value }
        // Detached: the generation runs off this actor, so that other regions are not held up.
        let task = Task.detached {
            let directory = Self.root + "/seed-\(key.seed)-firms-\(key.firms)-months-\(key.months)"
            let configuration = GeneratorConfiguration(firms: key.firms, months: key.months, seed: key.seed)
            _ = try SyntheticEconomyGenerator(configuration: configuration).generate(into: directory)
            return directory
        }
        regions[key] = task
        return try await task.value
    }
}
