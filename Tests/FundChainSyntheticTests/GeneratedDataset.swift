import Foundation
import FundChainIngest
import FundChainSynthetic

/// A generated output directory, read back with the ingest CSV parser.
struct GeneratedDataset {
    let directory: String
    let manifest: GeneratorManifest

    /// Generates `firms` × `months` for `seed` into a fresh temporary directory.
    static func make(firms: Int, months: Int, seed: UInt64, dirtyRate: Double = 0.001) throws -> GeneratedDataset {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("fundchain-synth-\(seed)-\(firms)-\(months)-\(UUID().uuidString)").path
        let config = GeneratorConfiguration(firms: firms, months: months, seed: seed, dirtyRate: dirtyRate)
        let manifest = try SyntheticEconomyGenerator(configuration: config).generate(into: dir)
        return GeneratedDataset(directory: dir, manifest: manifest)
    }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    /// Every record of a CSV file (header first), with its line number.
    func rows(_ name: String) throws -> [(line: Int, fields: [String])] {
        var parser = CSVParser()
        var out: [(line: Int, fields: [String])] = []
        let data = try bytes(name)
        try data.withUnsafeBytes { raw in
            try parser.feed(raw) { row in out.append((row.line, (0..<row.count).map(row.string))) }
        }
        try parser.finish { row in out.append((row.line, (0..<row.count).map(row.string))) }
        return out
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
